using System.ComponentModel.DataAnnotations;

namespace Aaba.Grains.Tasks;

/// <summary>How tasks are kept, run and recovered.</summary>
public sealed class TaskOptions
{
    public const string Section = "Aaba:Tasks";

    /// <summary>
    /// How long a finished task (and its result) is kept. Default 7 days; at least 1 day, the life of an idempotency
    /// key, so a replayed key always finds its task rather than running it again. Unfinished tasks never expire.
    /// </summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How long a running attempt's lease lasts unless the silo running it renews it (every third of this). When it
    /// expires the task is checked and, if its run is gone, started again: after a crash, recovery takes about this long.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.300", "00:10:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>How often each silo looks for expired leases.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan RecoveryInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long past its time limit an attempt may still deliver its outcome before it counts as lost.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ReportGrace { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a clean shutdown waits for its runs to be handed back before it lets the process stop.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan HandBackTimeout { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>
    /// This silo is the only one that ever uses its storage (embedded mode: it holds the data folder's lock), so every
    /// lease it finds at start belongs to a dead predecessor: recover them at once instead of waiting for them to expire.
    /// </summary>
    public bool SoleSilo { get; set; }

    /// <summary>How many times a task is started (not counting clean hand-backs) before it fails with <c>attempts_exhausted</c>.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;
}
