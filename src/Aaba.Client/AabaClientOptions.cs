using Aaba.Abstractions.Security;

namespace Aaba.Client;

/// <summary>Which transport an <see cref="IAabaClient"/> uses, and where Aaba is.</summary>
public sealed class AabaClientOptions
{
    /// <summary>The transport; set by <see cref="UseHttp"/> or <see cref="UseCluster"/>.</summary>
    public AabaTransport Transport { get; set; } = AabaTransport.Http;

    /// <summary>HTTP: the API's address, e.g. <c>http://localhost:5080</c>.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>HTTP: the API key, sent as <c>Authorization: Bearer &lt;key&gt;</c>; none when null.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Cluster: the Redis connection string the cluster's silos use (its membership table lists their gateways).</summary>
    public string? RedisConnectionString { get; set; }

    /// <summary>Cluster: the cluster id the silos use (<c>AABA_CLUSTER_ID</c>; default <c>aaba</c>).</summary>
    public string ClusterId { get; set; } = "aaba";

    /// <summary>Cluster: the service id the silos use (default <c>aaba</c>).</summary>
    public string ServiceId { get; set; } = "aaba";

    /// <summary>
    /// Cluster: the tenant this client acts for. A cluster client is inside the cluster's trust boundary (it could
    /// call any grain), so it is not authenticated: it names its tenant, and sees only that tenant's tasks.
    /// </summary>
    public TenantId Tenant { get; set; } = TenantId.Default;

    /// <summary>
    /// Cluster: what this client may do, checked in this process exactly as the API checks a key's role: a
    /// <see cref="ApiRole.Reader"/> reads, an <see cref="ApiRole.Operator"/> (the default) also runs and cancels, an
    /// <see cref="ApiRole.Admin"/> also registers and retires agents. Not a security boundary (the process holds a
    /// cluster client and could call any grain); it keeps application code to the rights it was given. Over HTTP the
    /// API key's role applies instead.
    /// </summary>
    public ApiRole Role { get; set; } = ApiRole.Operator;

    /// <summary>Cluster: more configuration of the Orleans client (grain call filters, telemetry), after Aaba's own.</summary>
    public Action<Orleans.Hosting.IClientBuilder>? ConfigureClusterClient { get; set; }

    /// <summary>Talk to the REST API at <paramref name="baseAddress"/>, with <paramref name="apiKey"/> if given.</summary>
    public AabaClientOptions UseHttp(Uri baseAddress, string? apiKey = null)
    {
        Transport = AabaTransport.Http;
        BaseAddress = baseAddress;
        ApiKey = apiKey;
        return this;
    }

    /// <summary>Join the cluster whose membership is in Redis at <paramref name="redisConnectionString"/>, as an Orleans client.</summary>
    public AabaClientOptions UseCluster(string redisConnectionString, string clusterId = "aaba", TenantId tenant = default)
    {
        Transport = AabaTransport.Cluster;
        RedisConnectionString = redisConnectionString;
        ClusterId = clusterId;
        Tenant = tenant;
        return this;
    }

    /// <summary>Throws when the chosen transport lacks its address.</summary>
    internal void Validate()
    {
        switch (Transport)
        {
            case AabaTransport.Http when BaseAddress is null:
                throw new InvalidOperationException("The HTTP transport needs the API's address: options.UseHttp(new Uri(\"http://localhost:5080\")).");
            case AabaTransport.Cluster when string.IsNullOrWhiteSpace(RedisConnectionString):
                throw new InvalidOperationException("The cluster transport needs the cluster's Redis: options.UseCluster(\"localhost:6379\").");
            default:
                break;
        }
    }
}
