using Aspire.Hosting.Orleans;

namespace Aaba.AppHost;

/// <summary>
/// Orleans clustering on the topology's Redis, handed over as Aaba's own setting (<c>AABA_REDIS</c>): Aaba configures
/// the Orleans Redis providers itself, with its one Redis options builder (fail fast in an outage, the eviction check).
/// The stock <c>WithClustering(redis)</c> would instead set <c>Orleans__Clustering__ProviderType=Redis</c> with a
/// <c>ServiceKey</c>, which Orleans applies on its own when the silo starts and which wants a keyed
/// <c>IConnectionMultiplexer</c> (Aspire's Redis client integration): a second Redis client and a second clustering
/// registration beside Aaba's. It also names the provider after the resource's type, which only Aspire's own
/// <c>RedisResource</c> gets right.
/// </summary>
internal sealed class AabaRedisClustering(AabaRedis redis) : IProviderConfiguration
{
    public void ConfigureResource<T>(IResourceBuilder<T> resourceBuilder, string configurationSectionName) where T : IResourceWithEnvironment
    {
        resourceBuilder.WithEnvironment("AABA_REDIS", redis.ConnectionString);
        resourceBuilder.WithReferenceRelationship(redis.Resource);
    }
}
