using Aaba.Abstractions.Schedules;
using Aaba.Abstractions.Security;

namespace Aaba.Grains.Schedules;

/// <summary>
/// A schedule as stored (JSON in its tenant's hash): its definition, its state and its last firing.
/// <see cref="FiresAfter"/> is when it was last set or resumed: only slots after it fire, so neither a new schedule
/// nor a changed or resumed one makes up a slot from before.
/// </summary>
public sealed record StoredSchedule(
    string Name,
    TenantId Tenant,
    string Cron,
    string TimeZone,
    string Agent,
    string InputJson,
    TimeSpan? Timeout,
    bool Paused,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? UpdatedBy,
    DateTimeOffset FiresAfter,
    ScheduleRun? LastRun)
{
    /// <summary>The identity of the schedule.</summary>
    public ScheduleKey Key => new(Tenant, Name);
}
