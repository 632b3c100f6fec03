using System.ComponentModel.DataAnnotations;

namespace Aaba.Grains.Tasks;

/// <summary>How tasks are kept, run and recovered.</summary>
public sealed class TaskOptions
{
    public const string Section = "Aaba:Tasks";

    /// <summary>
    /// How long a task (and its result) is kept after its last change. Default 7 days; at least 1 day, the life of an
    /// idempotency key, so a replayed key always finds its task rather than running it again.
    /// </summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often each silo sweeps the index of unfinished tasks for ones that lost their agent.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan RecoverySweepInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Tasks younger than this are left to their own dispatch by the sweep.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RecoveryMinAge { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How many times a task is started before it fails with <c>attempts_exhausted</c> (each restart follows a lost run).</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;
}
