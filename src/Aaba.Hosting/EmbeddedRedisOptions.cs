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
    /// A new task's 202 waits until the task is committed to the append-only file (default), so it survives a kill -9
    /// or a power cut. Off, the 202 goes out at once and the commit follows within milliseconds: a crash in between
    /// loses the task.
    /// </summary>
    public bool WaitForCommit { get; set; } = true;

    /// <summary>How often Garnet commits its append-only file, in milliseconds; 0 (default) commits right after each write.</summary>
    [System.ComponentModel.DataAnnotations.Range(0, 1000)]
    public int CommitIntervalMs { get; set; }

    /// <summary>Past this size the append-only file is checkpointed and truncated, bounding the replay at start (Garnet size syntax).</summary>
    public string AofSizeLimit { get; set; } = "256m";

    /// <summary>
    /// Garnet's hash index (Garnet size syntax). A task is one key, and 16 MB holds about 1.8 million keys before its
    /// chains grow; a full checkpoint writes it whole, so a larger one (Garnet's default is 128 MB) lengthens that pause.
    /// </summary>
    public string IndexSize { get; set; } = "16m";
}
