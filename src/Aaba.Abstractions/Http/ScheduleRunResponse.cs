using Aaba.Abstractions.Schedules;
using Aaba.Abstractions.Tasks;

namespace Aaba.Abstractions.Http;

/// <summary>A schedule's last firing: the slot, when it fired, its task (with its status URL) or why none was started.</summary>
/// <param name="Slot">The slot's time (UTC).</param>
/// <param name="FiredAt">When it fired.</param>
/// <param name="TaskId">The slot's task, or null when none could be started.</param>
/// <param name="StatusUrl">Where to read that task.</param>
/// <param name="Error">Why no task was started (<c>unknown_agent</c>, <c>invalid_input</c>, <c>tenant_limit</c>), else null.</param>
public sealed record ScheduleRunResponse(DateTimeOffset Slot, DateTimeOffset FiredAt, TaskId? TaskId, string? StatusUrl, TaskError? Error)
{
    /// <summary>The JSON form of a firing, or null for none.</summary>
    public static ScheduleRunResponse? From(ScheduleRun? run) => run is null
        ? null
        : new(run.Slot, run.FiredAt, run.TaskId, run.TaskId is { } id ? AabaRoutes.Task(id) : null, run.Error);
}
