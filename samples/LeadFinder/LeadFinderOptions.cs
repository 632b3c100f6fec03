namespace LeadFinder;

/// <summary>The command line: <c>--query python [--transport http|cluster] [--url …] [--api-key …] [--redis …] [--cluster-id …] [--sources a,b] [--limit N]</c>.</summary>
public sealed class LeadFinderOptions
{
    /// <summary>What to look for.</summary>
    public string? Query { get; set; }

    /// <summary><c>http</c> (the REST API) or <c>cluster</c> (an in-process Orleans client).</summary>
    public string Transport { get; set; } = "http";

    /// <summary>HTTP: the API's address.</summary>
    public Uri Url { get; set; } = new("http://localhost:5080");

    /// <summary>HTTP: the API key (also <c>AABA_API_KEY</c>).</summary>
    public string? ApiKey { get; set; }

    /// <summary>Cluster: the Redis the silos use for membership (embedded mode: <c>127.0.0.1:AABA_EMBEDDED_REDIS_PORT</c>).</summary>
    public string Redis { get; set; } = "127.0.0.1:6379";

    /// <summary>Cluster: the silos' cluster id.</summary>
    public string ClusterId { get; set; } = "aaba";

    /// <summary>Only these boards, comma-separated.</summary>
    public string? Sources { get; set; }

    /// <summary>At most this many leads.</summary>
    public int? Limit { get; set; }

    public bool UsesCluster => string.Equals(Transport, "cluster", StringComparison.OrdinalIgnoreCase);

    /// <summary>What is wrong with the command line, or null.</summary>
    public string? Problem() =>
        string.IsNullOrWhiteSpace(Query) ? "Say what to look for: --query python"
        : !(UsesCluster || string.Equals(Transport, "http", StringComparison.OrdinalIgnoreCase)) ? $"--transport is http or cluster, not '{Transport}'."
        : null;
}
