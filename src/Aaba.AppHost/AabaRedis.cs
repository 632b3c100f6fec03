namespace Aaba.AppHost;

/// <summary>The Redis every silo and API process shares, and the endpoint they reach it on.</summary>
internal sealed record AabaRedis(IResourceBuilder<IResource> Resource, EndpointReference Endpoint)
{
    public const string EndpointName = "tcp";

    /// <summary>
    /// <c>host:port</c> of the server, a StackExchange.Redis connection string: what <c>AABA_REDIS</c> is given.
    /// </summary>
    public ReferenceExpression ConnectionString => ReferenceExpression.Create($"{Endpoint.Property(EndpointProperty.HostAndPort)}");
}
