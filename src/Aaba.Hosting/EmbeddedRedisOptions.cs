namespace Aaba.Hosting;

/// <summary>The in-process Garnet server used when no Redis connection string is configured.</summary>
public sealed class EmbeddedRedisOptions
{
    public const string Section = "Aaba:Embedded";

    /// <summary>Where Garnet keeps its checkpoints and append-only file. Relative paths are under the working directory.</summary>
    public string DataDir { get; set; } = "data";

    /// <summary>The loopback port Garnet listens on; 0 picks a free one (so several instances can run side by side).</summary>
    public int RedisPort { get; set; }

    /// <summary>
    /// Answer a write only once it is in the append-only file (default), so a 202 survives a kill -9 or a power cut.
    /// Off, writes are answered first and committed right after: faster, but a crash can lose the last accepted tasks.
    /// </summary>
    public bool WaitForCommit { get; set; } = true;

    /// <summary>Past this size the append-only file is checkpointed and truncated, bounding the replay at start (Garnet size syntax).</summary>
    public string AofSizeLimit { get; set; } = "256m";
}
