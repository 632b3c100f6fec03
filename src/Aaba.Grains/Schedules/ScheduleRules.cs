using Aaba.Abstractions.Schedules;
using Aaba.Abstractions.Tasks;

namespace Aaba.Grains.Schedules;

/// <summary>
/// The rules of a schedule's life, pure (the grain only stores, arms timers and starts tasks):
/// <list type="bullet">
/// <item>only slots after the last firing and after <see cref="StoredSchedule.FiresAfter"/> (last set or resumed) fire;</item>
/// <item>when several slots were missed (the cluster was down, the grain's silo died), only the latest fires, once: never a burst;</item>
/// <item>a slot's task id is derived from the schedule and the slot, so a slot fired twice (two activations after
/// a silo loss, a firing retried after a crash) names one task, and the second start is a no-op.</item>
/// </list>
/// </summary>
public static class ScheduleRules
{
    /// <summary>The slot to fire now, or null: the latest slot at or before <paramref name="now"/> that has not fired (paused: none).</summary>
    public static DateTimeOffset? SlotToFire(StoredSchedule schedule, CronSchedule cron, DateTimeOffset now) =>
        schedule.Paused ? null : cron.LatestBetween(FiredThrough(schedule), now);

    /// <summary>The next slot that will fire after <paramref name="now"/> (paused: none).</summary>
    public static DateTimeOffset? NextRun(StoredSchedule schedule, CronSchedule cron, DateTimeOffset now)
    {
        if (schedule.Paused)
        {
            return null;
        }
        var after = FiredThrough(schedule);
        return cron.Next(after > now ? after : now);
    }

    /// <summary>The task of <paramref name="key"/>'s slot <paramref name="slot"/>: the same id whoever fires it, whenever.</summary>
    public static TaskId TaskIdFor(ScheduleKey key, DateTimeOffset slot) =>
        TaskId.Deterministic(slot, $"schedule/{key}/{slot.ToUniversalTime().UtcTicks}");

    /// <summary>The schedule as a reader sees it.</summary>
    public static ScheduleView View(StoredSchedule schedule, CronSchedule? cron, DateTimeOffset now) => new(
        schedule.Name, schedule.Tenant, schedule.Cron, schedule.TimeZone, schedule.Agent, schedule.InputJson, schedule.Timeout,
        schedule.Paused, schedule.CreatedAt, schedule.UpdatedAt, schedule.UpdatedBy,
        cron is null ? null : NextRun(schedule, cron, now), schedule.LastRun);

    /// <summary>
    /// The stored schedule after a <c>PUT</c> at <paramref name="now"/>: a new one, or the existing one with the new
    /// definition (its history kept). Either way only slots after <paramref name="now"/> fire.
    /// </summary>
    public static StoredSchedule Apply(StoredSchedule? existing, ScheduleKey key, ScheduleDefinition definition, DateTimeOffset now) =>
        existing is null
            ? new StoredSchedule(key.Name, key.Tenant, definition.Cron.Trim(), definition.TimeZone, definition.Agent, definition.InputJson,
                definition.Timeout, definition.Paused ?? false, now, now, definition.SetBy, now, null)
            : existing with
            {
                Cron = definition.Cron.Trim(),
                TimeZone = definition.TimeZone,
                Agent = definition.Agent,
                InputJson = definition.InputJson,
                Timeout = definition.Timeout,
                Paused = definition.Paused ?? existing.Paused,
                UpdatedAt = now,
                UpdatedBy = definition.SetBy,
                FiresAfter = now,
            };

    /// <summary>Paused or resumed at <paramref name="now"/>; unchanged (the same instance) when it already was.</summary>
    public static StoredSchedule SetPaused(StoredSchedule schedule, bool paused, string? by, DateTimeOffset now) =>
        schedule.Paused == paused
            ? schedule
            : schedule with { Paused = paused, UpdatedAt = now, UpdatedBy = by, FiresAfter = paused ? schedule.FiresAfter : now };

    /// <summary>Slots up to this instant have fired or are not to fire.</summary>
    private static DateTimeOffset FiredThrough(StoredSchedule schedule) =>
        schedule.LastRun is { Slot: var last } && last > schedule.FiresAfter ? last : schedule.FiresAfter;
}
