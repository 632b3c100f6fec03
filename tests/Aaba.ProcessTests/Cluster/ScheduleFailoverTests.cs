using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aaba.Abstractions.Schedules;
using Aaba.Abstractions.Security;
using Aaba.Grains.Schedules;
using Aaba.Testing;

namespace Aaba.ProcessTests.Cluster;

/// <summary>A per-second schedule on two silo processes and redis-server, while the silo holding it is killed with kill -9.</summary>
[Collection(ProcessCollection.Name)]
public sealed class ScheduleFailoverTests
{
    private const string Name = "tick";
    private static readonly TimeSpan Backstop = TimeSpan.FromSeconds(5);
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_per_second_schedule_fires_at_most_once_per_slot_and_keeps_firing_after_its_silo_is_killed()
    {
        // The reminder (the durable backstop that wakes the schedule on the survivor) every 5 s instead of every minute.
        await using var cluster = await ClusterTopology.StartAsync(silos: 2, new Dictionary<string, string>
        {
            ["Aaba__Schedules__BackstopPeriod"] = Backstop.ToString(),
        });
        using var put = await cluster.Client.Http.PutAsync($"/schedules/{Name}",
            new StringContent("""{"cron":"* * * * * *","time_zone":"UTC","agent":"add","input":{"x":1,"y":1}}""", System.Text.Encoding.UTF8, "application/json"), Cancellation);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);

        // The silo that logged the change holds the schedule's activation: that is the one to kill.
        var victim = -1;
        await Eventually.UntilAsync(() =>
        {
            victim = cluster.Silos.Select((silo, index) => (silo, index))
                .FirstOrDefault(s => s.silo.LogTail(int.MaxValue).Contains($"Schedule {Name} of tenant default set", StringComparison.Ordinal), (null!, -1)).Item2;
            return Task.FromResult(victim >= 0);
        }, "a silo to log the schedule", TimeSpan.FromSeconds(10));
        var before = await WaitForSlotsAsync(cluster, after: DateTimeOffset.MinValue, count: 3);

        var killedAt = DateTimeOffset.UtcNow;
        cluster.Silos[victim].Kill();

        // Read through the listing only: it activates no schedule, so what brings the schedule back is its reminder.
        var after = await WaitForSlotsAsync(cluster, after: killedAt, count: 3, TimeSpan.FromSeconds(40));
        var firstAfter = after.Min();
        var gap = firstAfter - killedAt;

        var tasks = await TasksAsync(cluster);
        var key = new ScheduleKey(TenantId.Default, Name);
        var slots = tasks.Select(t => t.GetProperty("created_at").GetDateTimeOffset()).ToList();
        // At most one task per slot: every task is a distinct whole-second slot, under the id derived from it.
        Assert.Equal(slots.Count, slots.Distinct().Count());
        Assert.All(tasks, t =>
        {
            var slot = t.GetProperty("created_at").GetDateTimeOffset();
            Assert.Equal(0, slot.Millisecond);
            Assert.Equal(ScheduleRules.TaskIdFor(key, slot).ToString(), t.GetProperty("task_id").GetString());
        });
        Assert.True(slots.Count(s => s > killedAt) >= 3, $"{slots.Count(s => s > killedAt)} slots fired after the kill");
        var message = $"Schedules: killed the silo holding a per-second schedule; {slots.Count} slots fired in {(slots.Max() - slots.Min()).TotalSeconds:0} s, " +
                      $"none twice; the first slot after the kill fired {gap.TotalSeconds:0.0} s after it (reminder backstop {Backstop.TotalSeconds:0} s).";
        Measurements.Record(message);
        // Failure detection (~6 s) plus at most one backstop period plus a slot.
        Assert.True(gap < TimeSpan.FromSeconds(20), message);
        Assert.NotEmpty(before);
    }

    /// <summary>Waits (listing only) until the schedule's last run is at least <paramref name="count"/> slots past <paramref name="after"/>; returns the fired slots seen past it.</summary>
    private static async Task<List<DateTimeOffset>> WaitForSlotsAsync(ClusterTopology cluster, DateTimeOffset after, int count, TimeSpan? timeout = null)
    {
        var seen = new SortedSet<DateTimeOffset>();
        await Eventually.UntilAsync(async () =>
        {
            using var response = await cluster.Client.Http.GetAsync("/schedules", Cancellation);
            if (!response.IsSuccessStatusCode)
            {
                return false;
            }
            var list = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
            var run = list.EnumerateArray().Single(s => s.GetProperty("name").GetString() == Name).GetProperty("last_run");
            if (run.ValueKind == JsonValueKind.Object && run.GetProperty("slot").GetDateTimeOffset() is var slot && slot > after)
            {
                seen.Add(slot);
            }
            return seen.Count >= count;
        }, $"{count} slots after {after:O}", timeout ?? TimeSpan.FromSeconds(15));
        return [.. seen];
    }

    private static async Task<List<JsonElement>> TasksAsync(ClusterTopology cluster)
    {
        var tasks = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await cluster.Client.Http.GetFromJsonAsync<JsonElement>($"/tasks?agent=add&limit=100{(cursor is null ? "" : $"&cursor={cursor}")}", Cancellation);
            tasks.AddRange(page.GetProperty("items").EnumerateArray().Select(t => t.Clone()));
            cursor = page.TryGetProperty("next_cursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null);
        return tasks;
    }
}
