using Aaba.Abstractions.Schedules;

namespace Aaba.Abstractions.Http;

/// <summary>A schedule as clients see it (<c>GET /schedules</c>, <c>GET /schedules/{name}</c>, the answer to a change).</summary>
/// <param name="Name">The schedule's name.</param>
/// <param name="Cron">The cron expression as given.</param>
/// <param name="TimeZone">The IANA time zone its slots follow.</param>
/// <param name="Agent">The agent each firing runs.</param>
/// <param name="Input">The agent's input.</param>
/// <param name="TimeoutS">Each run's time limit in seconds (null: the agent's default).</param>
/// <param name="Paused">Whether it is paused.</param>
/// <param name="NextRunAt">The next slot that will fire (null while paused).</param>
/// <param name="LastRun">The last firing (null before the first).</param>
/// <param name="CreatedAt">When it was first set.</param>
/// <param name="UpdatedAt">When it was last set, paused or resumed.</param>
/// <param name="UpdatedBy">Who did that (a key id).</param>
/// <param name="Url">The schedule's own URL.</param>
public sealed record ScheduleResponse(
    string Name, string Cron, string TimeZone, string Agent, RawJson Input, double? TimeoutS, bool Paused,
    DateTimeOffset? NextRunAt, ScheduleRunResponse? LastRun, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? UpdatedBy, string Url)
{
    /// <summary>The JSON form of a schedule.</summary>
    public static ScheduleResponse From(ScheduleView schedule) => new(
        schedule.Name, schedule.Cron, schedule.TimeZone, schedule.Agent, new RawJson(schedule.InputJson), schedule.Timeout?.TotalSeconds,
        schedule.Paused, schedule.NextRunAt, ScheduleRunResponse.From(schedule.LastRun), schedule.CreatedAt, schedule.UpdatedAt,
        schedule.UpdatedBy, AabaRoutes.Schedule(schedule.Name));
}
