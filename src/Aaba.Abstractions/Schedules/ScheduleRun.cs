using Aaba.Abstractions.Tasks;

namespace Aaba.Abstractions.Schedules;

/// <summary>One firing of a schedule: the slot it was for, when it was fired, and the task it started or why it started none.</summary>
/// <param name="Slot">The slot's time (UTC), from the cron expression in the schedule's time zone.</param>
/// <param name="FiredAt">When the task was started (a late firing, after downtime, is later than its slot).</param>
/// <param name="TaskId">The slot's task (its id is derived from the schedule and the slot); null when none could be started.</param>
/// <param name="Error">Why no task was started (the agent was retired, its input no longer fits, the tenant's limit), else null.</param>
[GenerateSerializer, Immutable, Alias("aaba.schedule-run")]
public sealed record ScheduleRun(
    [property: Id(0)] DateTimeOffset Slot,
    [property: Id(1)] DateTimeOffset FiredAt,
    [property: Id(2)] TaskId? TaskId,
    [property: Id(3)] TaskError? Error);
