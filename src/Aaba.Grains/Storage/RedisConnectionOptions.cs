using System.ComponentModel.DataAnnotations;
using StackExchange.Redis;

namespace Aaba.Grains.Storage;

/// <summary>Where Redis is. In embedded mode the host fills this in with the in-process Garnet server's address.</summary>
public sealed class RedisConnectionOptions
{
    public const string Section = "Aaba:Redis";

    /// <summary>A StackExchange.Redis connection string, e.g. <c>localhost:6379</c>. Empty means embedded mode.</summary>
    [Required(AllowEmptyStrings = false)]
    public string ConnectionString { get; set; } = "";

    /// <summary>Start even though Redis may evict any key under memory pressure (an <c>allkeys-*</c> policy): unfinished tasks could be lost.</summary>
    public bool AllowEviction { get; set; }

    /// <summary>
    /// The client settings every Redis user in Aaba shares (Orleans' providers and Aaba's own index): keep retrying
    /// to connect instead of failing at start, and during an outage fail each command at once rather than queueing
    /// it, so callers get a prompt 503 and readiness turns red instead of requests hanging.
    /// </summary>
    public ConfigurationOptions ToConfigurationOptions()
    {
        var options = ConfigurationOptions.Parse(ConnectionString);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.AsyncTimeout = 2000;
        options.SyncTimeout = 2000;
        options.ConnectTimeout = 2000;
        return options;
    }
}
