namespace Aaba.Abstractions.Schedules;

/// <summary>
/// One schedule, keyed by its <see cref="ScheduleKey"/> (tenant and name): its definition, durable in the store, and
/// its firings. Each slot fires at most once across the cluster: its task id is derived from the schedule and the
/// slot, and starting a task that exists is a no-op. Reach it with <see cref="GrainFactoryExtensions.GetSchedule"/>.
/// </summary>
[Alias("aaba.schedule")]
public interface IScheduleGrain : IGrainWithStringKey
{
    /// <summary>Creates or changes the schedule and arms its next slot.</summary>
    /// <exception cref="InvalidScheduleException">Bad cron expression, unknown time zone, unknown agent, input the agent refuses…</exception>
    /// <exception cref="Tasks.StorageUnavailableException">The store did not answer; nothing was changed.</exception>
    [Alias("set")]
    Task<ScheduleChange> SetAsync(ScheduleDefinition definition);

    /// <summary>The schedule, or null when there is none.</summary>
    [Alias("get")]
    Task<ScheduleView?> GetAsync();

    /// <summary>Deletes the schedule (tasks it started are kept); false when there was none.</summary>
    [Alias("delete")]
    Task<bool> DeleteAsync();

    /// <summary>Stops firing until resumed; null when there is no such schedule. Pausing a paused schedule changes nothing.</summary>
    [Alias("pause")]
    Task<ScheduleView?> PauseAsync(string? by);

    /// <summary>
    /// Fires again from the next slot on (slots that passed while paused are not made up); null when there is no
    /// such schedule. Resuming a running schedule changes nothing.
    /// </summary>
    [Alias("resume")]
    Task<ScheduleView?> ResumeAsync(string? by);
}
