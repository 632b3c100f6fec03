using Aaba.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Clustering.Redis;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Aaba.Client.Cluster;

/// <summary>
/// How an Orleans client joins an Aaba cluster, defined once: the API in cluster mode and the .NET client's cluster
/// transport both call <see cref="UseAabaCluster"/>.
/// </summary>
public static class AabaClusterClientBuilderExtensions
{
    private static readonly TimeSpan ConnectRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Redis clustering (the silos' gateways are read from the membership table in Redis), the cluster's identity,
    /// Aaba's grain-call timeout, trace propagation and the retry of calls Orleans rejected undelivered. A client that
    /// starts before any gateway is up keeps trying (once a second) instead of failing.
    /// </summary>
    /// <param name="client">The Orleans client being built.</param>
    /// <param name="clusterId">The silos' cluster id.</param>
    /// <param name="serviceId">The silos' service id.</param>
    /// <param name="redis">The Redis client settings, read when the client starts.</param>
    public static IClientBuilder UseAabaCluster(this IClientBuilder client, string clusterId, string serviceId, Func<IServiceProvider, ConfigurationOptions> redis)
    {
        client.UseRedisClustering(_ => { });
        client.Services.AddOptions<RedisClusteringOptions>().Configure<IServiceProvider>((options, services) => options.ConfigurationOptions = redis(services));
        client.Configure<ClientMessagingOptions>(options => options.ResponseTimeout = AabaTimeouts.GrainCall);
        client.AddActivityPropagation();
        client.AddOutgoingGrainCallFilter<RejectedCallRetryFilter>();
        client.UseConnectionRetryFilter(async (_, cancellationToken) =>
        {
            await Task.Delay(ConnectRetryDelay, cancellationToken);
            return true;
        });
        client.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = clusterId;
            options.ServiceId = serviceId;
        });
        return client;
    }

    /// <summary>
    /// Client settings for a Redis given by connection string: keep retrying to connect rather than failing at start,
    /// and fail commands fast during an outage rather than queueing them (as every Redis user in Aaba does).
    /// </summary>
    public static ConfigurationOptions RedisClientOptions(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        return options;
    }
}
