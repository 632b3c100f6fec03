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

    /// <summary>
    /// How long a finished task stays in memory after it finished (or was read from storage), so that its client's
    /// next reads (a poll just after the finish is the common case) need no storage read. Then it leaves: a later read
    /// costs one storage read. Short, because every activation a silo holds is walked by its metrics each second and
    /// by the garbage collector: at 1,000 tasks/s this holds 15,000 tasks, where the grain's collection age (2 minutes
    /// idle) would hold 120,000 or more.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan FinishedInMemory { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How many times a task is started (not counting clean hand-backs) before it fails with <c>attempts_exhausted</c>.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;
}
