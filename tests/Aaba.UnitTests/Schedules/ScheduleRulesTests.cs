using Aaba.Abstractions.Schedules;
using Aaba.Abstractions.Security;
using Aaba.Abstractions.Tasks;
using Aaba.Grains.Schedules;
using Microsoft.Extensions.Time.Testing;

namespace Aaba.UnitTests.Schedules;

/// <summary>Slots of a cron expression in a time zone, the missed-slot rule and the derived task ids.</summary>
public sealed class ScheduleRulesTests
{
    private static readonly ScheduleKey Key = new(TenantId.Parse("acme"), "nightly");

    private static CronSchedule Cron(string cron, string zone = "UTC")
    {
        var (schedule, errors) = CronSchedule.TryParse(cron, zone);
        Assert.Empty(errors);
        return schedule!;
    }

    private static StoredSchedule NewSchedule(string cron, string zone, DateTimeOffset at) =>
        ScheduleRules.Apply(null, Key, new ScheduleDefinition(cron, zone, "add", """{"x":1,"y":2}""", SetBy: "key_1"), at);

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void A_per_second_schedule_fires_each_second_once_and_not_the_second_it_was_created_in()
    {
        var time = new FakeTimeProvider(Utc("2026-05-01T10:00:00.400Z"));
        var cron = Cron("* * * * * *");
        var schedule = NewSchedule("* * * * * *", "UTC", time.GetUtcNow());

        Assert.Null(ScheduleRules.SlotToFire(schedule, cron, time.GetUtcNow()));
        Assert.Equal(Utc("2026-05-01T10:00:01Z"), ScheduleRules.NextRun(schedule, cron, time.GetUtcNow()));

        time.Advance(TimeSpan.FromMilliseconds(600));
        var slot = ScheduleRules.SlotToFire(schedule, cron, time.GetUtcNow());
        Assert.Equal(Utc("2026-05-01T10:00:01Z"), slot);
        schedule = schedule with { LastRun = new ScheduleRun(slot!.Value, time.GetUtcNow(), ScheduleRules.TaskIdFor(Key, slot.Value), null) };

        // Fired: the same slot never comes back, however often the timer ticks before the next one.
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Null(ScheduleRules.SlotToFire(schedule, cron, time.GetUtcNow()));
        Assert.Equal(Utc("2026-05-01T10:00:02Z"), ScheduleRules.NextRun(schedule, cron, time.GetUtcNow()));
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(Utc("2026-05-01T10:00:02Z"), ScheduleRules.SlotToFire(schedule, cron, time.GetUtcNow()));
    }

    [Fact]
    public void After_downtime_only_the_latest_missed_slot_fires_once_never_a_burst()
    {
        var time = new FakeTimeProvider(Utc("2026-05-01T10:00:30Z"));
        var cron = Cron("*/5 * * * *");
        var schedule = NewSchedule("*/5 * * * *", "UTC", time.GetUtcNow());
        var first = Utc("2026-05-01T10:05:00Z");
        schedule = schedule with { LastRun = new ScheduleRun(first, first, ScheduleRules.TaskIdFor(Key, first), null) };

        // Down from 10:05:10 until 13:02: 35 slots passed, 13:00 is the latest.
        time.SetUtcNow(Utc("2026-05-01T13:02:00Z"));
        var slot = ScheduleRules.SlotToFire(schedule, cron, time.GetUtcNow());
        Assert.Equal(Utc("2026-05-01T13:00:00Z"), slot);
        schedule = schedule with { LastRun = new ScheduleRun(slot!.Value, time.GetUtcNow(), ScheduleRules.TaskIdFor(Key, slot.Value), null) };
        Assert.Null(ScheduleRules.SlotToFire(schedule, cron, time.GetUtcNow()));
        Assert.Equal(Utc("2026-05-01T13:05:00Z"), ScheduleRules.NextRun(schedule, cron, time.GetUtcNow()));
    }

    [Fact]
    public void A_paused_schedule_fires_nothing_and_a_resumed_one_does_not_make_up_the_slots_it_skipped()
    {
        var time = new FakeTimeProvider(Utc("2026-05-01T10:00:00Z"));
        var cron = Cron("0 * * * *");
        var schedule = NewSchedule("0 * * * *", "UTC", time.GetUtcNow());
        schedule = ScheduleRules.SetPaused(schedule, paused: true, "key_2", time.GetUtcNow());
        time.Advance(TimeSpan.FromHours(3.5));
        Assert.Null(ScheduleRules.SlotToFire(schedule, cron, time.GetUtcNow()));
        Assert.Null(ScheduleRules.NextRun(schedule, cron, time.GetUtcNow()));

        var resumed = ScheduleRules.SetPaused(schedule, paused: false, "key_2", time.GetUtcNow());
        Assert.Equal("key_2", resumed.UpdatedBy);
        Assert.Null(ScheduleRules.SlotToFire(resumed, cron, time.GetUtcNow()));
        Assert.Equal(Utc("2026-05-01T14:00:00Z"), ScheduleRules.NextRun(resumed, cron, time.GetUtcNow()));
        Assert.Same(resumed, ScheduleRules.SetPaused(resumed, paused: false, "key_3", time.GetUtcNow()));
    }

    [Fact]
    public void A_changed_schedule_keeps_its_history_and_fires_only_slots_after_the_change()
    {
        var time = new FakeTimeProvider(Utc("2026-05-01T00:00:30Z"));
        var schedule = NewSchedule("0 0 * * *", "UTC", time.GetUtcNow());
        var slot = Utc("2026-05-02T00:00:00Z");
        schedule = schedule with { LastRun = new ScheduleRun(slot, slot, ScheduleRules.TaskIdFor(Key, slot), null) };
        time.SetUtcNow(Utc("2026-05-02T13:20:00Z"));

        var changed = ScheduleRules.Apply(schedule, Key, new ScheduleDefinition("0 * * * *", "UTC", "add", """{"x":2,"y":2}"""), time.GetUtcNow());

        // Hourly now: 13:00 is after the last firing but before the change, so it does not fire.
        Assert.Null(ScheduleRules.SlotToFire(changed, Cron("0 * * * *"), time.GetUtcNow()));
        Assert.Equal(Utc("2026-05-02T14:00:00Z"), ScheduleRules.NextRun(changed, Cron("0 * * * *"), time.GetUtcNow()));
        Assert.Equal(schedule.CreatedAt, changed.CreatedAt);
        Assert.Equal(schedule.LastRun, changed.LastRun);
        Assert.False(changed.Paused);
    }

    [Fact]
    public void Slots_follow_the_time_zone_across_daylight_saving_in_both_directions()
    {
        var cron = Cron("30 2 * * *", "America/New_York");
        // 8 March 2026: 02:00 EST jumps to 03:00 EDT, so 02:30 does not exist; Cronos fires at the end of the gap.
        Assert.Equal(Utc("2026-03-07T07:30:00Z"), cron.Next(Utc("2026-03-07T00:00:00Z")));
        Assert.Equal(Utc("2026-03-08T07:00:00Z"), cron.Next(Utc("2026-03-07T08:00:00Z")));
        Assert.Equal(Utc("2026-03-09T06:30:00Z"), cron.Next(Utc("2026-03-08T08:00:00Z")));

        // 1 November 2026: 01:30 happens twice (EDT then EST); a fixed time fires once, at the first.
        var fixedTime = Cron("30 1 * * *", "America/New_York");
        Assert.Equal(Utc("2026-11-01T05:30:00Z"), fixedTime.Next(Utc("2026-11-01T00:00:00Z")));
        Assert.Equal(Utc("2026-11-02T06:30:00Z"), fixedTime.Next(Utc("2026-11-01T05:30:00Z")));

        // The latest slot before a time is read the same way (the missed-slot rule uses it).
        Assert.Equal(Utc("2026-11-01T05:30:00Z"), fixedTime.LatestBetween(Utc("2026-10-31T06:00:00Z"), Utc("2026-11-02T06:00:00Z")));

        // Same wall-clock time, different zones, different instants.
        Assert.Equal(Utc("2026-07-01T07:00:00Z"), Cron("0 9 * * *", "Europe/Paris").Next(Utc("2026-07-01T00:00:00Z")));
        Assert.Equal(Utc("2026-12-01T08:00:00Z"), Cron("0 9 * * *", "Europe/Paris").Next(Utc("2026-12-01T00:00:00Z")));
    }

    [Fact]
    public void A_slots_task_id_is_derived_from_the_schedule_and_the_slot()
    {
        var slot = Utc("2026-05-01T10:00:01Z");
        var id = ScheduleRules.TaskIdFor(Key, slot);

        Assert.Equal(id, ScheduleRules.TaskIdFor(new ScheduleKey(TenantId.Parse("acme"), "nightly"), slot.ToOffset(TimeSpan.FromHours(2))));
        Assert.Equal(slot, id.CreatedAt);
        Assert.True(TaskId.TryParse(id.ToString(), out _));
        Assert.NotEqual(id, ScheduleRules.TaskIdFor(Key, slot.AddSeconds(1)));
        Assert.NotEqual(id, ScheduleRules.TaskIdFor(Key with { Name = "nightly-2" }, slot));
        Assert.NotEqual(id, ScheduleRules.TaskIdFor(Key with { Tenant = TenantId.Parse("other") }, slot));
    }

    [Theory]
    [InlineData("61 * * * *", "UTC", "cron")]
    [InlineData("* * * *", "UTC", "cron")]
    [InlineData("* * * * * * *", "UTC", "cron")]
    [InlineData("", "UTC", "cron")]
    [InlineData("0 * * * *", "Mars/Olympus_Mons", "time_zone")]
    [InlineData("0 * * * *", "", "time_zone")]
    public void A_bad_expression_or_zone_is_refused_by_field(string cron, string zone, string field)
    {
        var (schedule, errors) = CronSchedule.TryParse(cron, zone);
        Assert.Null(schedule);
        Assert.Equal([field], errors.Keys);
    }

    [Theory]
    [InlineData("0 9 * * 1-5")]
    [InlineData("*/10 * * * * *")]
    [InlineData("@daily")]
    public void Five_and_six_field_expressions_and_macros_are_accepted(string cron) => Assert.NotNull(Cron(cron, "Europe/Berlin"));

    [Fact]
    public void Schedule_keys_round_trip_and_names_are_checked()
    {
        Assert.Equal("acme/nightly", Key.ToString());
        Assert.Equal(Key, ScheduleKey.Parse("acme/nightly"));
        Assert.False(ScheduleKey.TryParse("acme/Nightly", out _));
        Assert.False(ScheduleKey.TryParse("acme", out _));
        Assert.False(ScheduleKey.IsValidName("a/b"));
        Assert.False(ScheduleKey.IsValidName("-a"));
        Assert.False(ScheduleKey.IsValidName(new string('a', 65)));
    }
}
