using Aaba.Abstractions.Security;

namespace Aaba.Abstractions.Schedules;

/// <summary>A schedule as <c>GET /schedules/{name}</c> shows it: its definition, its state and its next and last runs.</summary>
/// <param name="Name">The schedule's name (its tenant's own).</param>
/// <param name="Tenant">The tenant its tasks belong to.</param>
/// <param name="Cron">The cron expression as given.</param>
/// <param name="TimeZone">The IANA time zone its slots follow.</param>
/// <param name="Agent">The agent each firing runs.</param>
/// <param name="InputJson">The agent's input (a JSON object, as text).</param>
/// <param name="Timeout">Each run's time limit, or null for the agent's default.</param>
/// <param name="Paused">Whether it is paused (no slot fires, and none is made up on resume).</param>
/// <param name="CreatedAt">When it was first set.</param>
/// <param name="UpdatedAt">When it was last set, paused or resumed.</param>
/// <param name="UpdatedBy">Who last set, paused or resumed it (a key id).</param>
/// <param name="NextRunAt">The next slot that will fire; null while paused (or if the expression has no future slot).</param>
/// <param name="LastRun">The last firing, or null before the first.</param>
[GenerateSerializer, Immutable, Alias("aaba.schedule-view")]
public sealed record ScheduleView(
    [property: Id(0)] string Name,
    [property: Id(1)] TenantId Tenant,
    [property: Id(2)] string Cron,
    [property: Id(3)] string TimeZone,
    [property: Id(4)] string Agent,
    [property: Id(5)] string InputJson,
    [property: Id(6)] TimeSpan? Timeout,
    [property: Id(7)] bool Paused,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] DateTimeOffset UpdatedAt,
    [property: Id(10)] string? UpdatedBy,
    [property: Id(11)] DateTimeOffset? NextRunAt,
    [property: Id(12)] ScheduleRun? LastRun);
