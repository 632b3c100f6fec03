namespace Aaba.Hosting;

/// <summary>The in-process Garnet server used when no Redis connection string is configured.</summary>
public sealed class EmbeddedRedisOptions
{
    public const string Section = "Aaba:Embedded";

    /// <summary>Where Garnet keeps its checkpoints and append-only file. Relative paths are under the working directory.</summary>
    public string DataDir { get; set; } = "data";

    /// <summary>The loopback port Garnet listens on; 0 picks a free one (so several instances can run side by side).</summary>
    public int RedisPort { get; set; }

    /// <summary>Past this size the append-only file is checkpointed and truncated, bounding the replay at start (Garnet size syntax).</summary>
    public string AofSizeLimit { get; set; } = "256m";
}
