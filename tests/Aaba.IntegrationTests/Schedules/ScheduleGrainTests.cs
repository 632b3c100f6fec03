using Aaba.Abstractions;
using Aaba.Abstractions.Agents;
using Aaba.Abstractions.Schedules;
using Aaba.Abstractions.Security;
using Aaba.Abstractions.Tasks;
using Aaba.Grains.Schedules;
using Aaba.Testing;

namespace Aaba.IntegrationTests.Schedules;

/// <summary>Schedules on the shared two-silo cluster: firing once per slot, pause and resume, delete, validation, a retired agent.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ScheduleGrainTests(ClusterFixture fixture)
{
    private const string EverySecond = "* * * * * *";
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>A tenant of its own, so the tenant's task listing holds only this test's tasks.</summary>
    private static TenantId NewTenant() => TenantId.Parse($"sched-{Guid.NewGuid():N}"[..20]);

    private async Task<ScheduleView> WaitForRunAsync(IScheduleGrain schedule, Func<ScheduleRun, bool> condition, string what)
    {
        ScheduleView? view = null;
        await Eventually.UntilAsync(async () => (view = await schedule.GetAsync())?.LastRun is { } run && condition(run), what, TimeSpan.FromSeconds(20));
        return view!;
    }

    [Fact]
    public async Task A_per_second_schedule_fires_one_task_per_slot_with_its_derived_id_until_paused_and_again_once_resumed()
    {
        var tenant = NewTenant();
        var key = new ScheduleKey(tenant, "every-second");
        var schedule = fixture.Grains.GetSchedule(tenant, key.Name);
        var change = await schedule.SetAsync(new ScheduleDefinition(EverySecond, "Europe/Paris", AabaKeys.AddAgent, """{"x":2,"y":3}""", SetBy: "key_test"));
        Assert.True(change.Created);
        Assert.False(change.Schedule.Paused);
        Assert.NotNull(change.Schedule.NextRunAt);

        var first = (await WaitForRunAsync(schedule, _ => true, "the first firing")).LastRun!;
        var third = (await WaitForRunAsync(schedule, run => run.Slot >= first.Slot.AddSeconds(2), "two more firings")).LastRun!;

        // Each fired slot's task has the id derived from the schedule and the slot, runs in the schedule's tenant, and succeeded.
        Assert.Equal(ScheduleRules.TaskIdFor(key, third.Slot), third.TaskId);
        var task = await fixture.Grains.GetTaskGrain(third.TaskId!.Value).WaitAsync(tenant, TimeSpan.FromSeconds(10));
        Assert.Equal(AgentTaskStatus.Succeeded, task!.Status);
        Assert.Equal(third.Slot, task.CreatedAt);
        Assert.Null(await fixture.Grains.GetTaskGrain(third.TaskId.Value).GetAsync(TenantId.Default));

        // Starting a fired slot's task again (a second activation, a retry after a crash) is a no-op.
        var again = await fixture.Grains.GetTaskGrain(third.TaskId.Value).StartAsync(new TaskSubmission(AabaKeys.AddAgent, """{"x":2,"y":3}""", Tenant: tenant));
        Assert.Equal(1, again.Attempts);
        Assert.Equal(AgentTaskStatus.Succeeded, again.Status);

        var paused = (await schedule.PauseAsync("key_test"))!;
        Assert.True(paused.Paused);
        Assert.Null(paused.NextRunAt);
        var lastBeforePause = paused.LastRun!.Slot;
        // Nothing fires while paused: absence takes a wait, three slots long.
        await Task.Delay(TimeSpan.FromSeconds(3), Cancellation);
        Assert.Equal(lastBeforePause, (await schedule.GetAsync())!.LastRun!.Slot);

        var resumedAt = DateTimeOffset.UtcNow;
        Assert.False((await schedule.ResumeAsync("key_test"))!.Paused);
        var afterResume = (await WaitForRunAsync(schedule, run => run.Slot > lastBeforePause, "a firing after resume")).LastRun!;
        // The slots skipped while paused are not made up: the first slot after resume is the next whole second.
        Assert.True(afterResume.Slot > resumedAt.AddSeconds(-1), $"slot {afterResume.Slot:O} is from before the resume at {resumedAt:O}");

        Assert.True(await schedule.DeleteAsync());
        Assert.Null(await schedule.GetAsync());
        Assert.False(await schedule.DeleteAsync());

        // One task per slot: every task of the tenant is a distinct whole-second slot, named by its derived id.
        var page = await fixture.Grains.GetTaskQueries().ListAsync(new TaskQuery(null, null, null, null, null, TaskQuery.MaxLimit, tenant));
        Assert.True(page.Items.Length >= 4, $"{page.Items.Length} tasks");
        Assert.Equal(page.Items.Length, page.Items.Select(t => t.CreatedAt).Distinct().Count());
        Assert.All(page.Items, t =>
        {
            Assert.Equal(0, t.CreatedAt.Millisecond);
            Assert.Equal(ScheduleRules.TaskIdFor(key, t.CreatedAt), t.Id);
        });
        Assert.DoesNotContain(page.Items, t => t.CreatedAt > lastBeforePause && t.CreatedAt < resumedAt.AddSeconds(-1));
    }

    [Fact]
    public async Task A_schedule_is_refused_with_every_problem_by_field_and_nothing_is_stored()
    {
        var tenant = NewTenant();
        var schedule = fixture.Grains.GetSchedule(tenant, "broken");
        var refused = await Assert.ThrowsAsync<InvalidScheduleException>(() =>
            schedule.SetAsync(new ScheduleDefinition("0 25 * * *", "Atlantis/Capital", "no-such-agent", "{}")));
        Assert.Equal(["agent", "cron", "time_zone"], refused.Errors.Keys.Order());

        var badInput = await Assert.ThrowsAsync<InvalidScheduleException>(() =>
            schedule.SetAsync(new ScheduleDefinition("0 * * * *", "UTC", AabaKeys.AddAgent, """{"x":"one"}""")));
        Assert.Contains("input.x", badInput.Errors.Keys);
        Assert.Contains("input.y", badInput.Errors.Keys);
        Assert.Null(await schedule.GetAsync());
        Assert.Empty(await fixture.Grains.GetSchedules().ListAsync(tenant));
    }

    [Fact]
    public async Task A_firing_whose_agent_was_retired_starts_no_task_and_says_why()
    {
        var tenant = NewTenant();
        var agent = $"sched-enrich-{Guid.NewGuid():N}"[..24];
        var registry = fixture.Grains.GetOrchestrator();
        await registry.RegisterAsync(new AgentRegistration(agent, "enrich", "test", null, null, null, """{"fetch_pages":false}"""));
        var input = """{"lead":{"id":"l1","title":"Django app","description":"Client: a bakery."}}""";
        // The catalog reaches every silo within the watch interval; until then the agent may be unknown there.
        ScheduleChange? change = null;
        await Eventually.UntilAsync(async () =>
        {
            try
            {
                change = await fixture.Grains.GetSchedule(tenant, "enrich-often").SetAsync(new ScheduleDefinition(EverySecond, "UTC", agent, input));
                return true;
            }
            catch (InvalidScheduleException)
            {
                return false;
            }
        }, "the schedule to be accepted", TimeSpan.FromSeconds(5));
        var schedule = fixture.Grains.GetSchedule(tenant, "enrich-often");
        await WaitForRunAsync(schedule, run => run.TaskId is not null, "a firing with a task");

        Assert.True(await registry.RetireAsync(agent));
        var refused = (await WaitForRunAsync(schedule, run => run.Error is not null, "a firing refused")).LastRun!;
        Assert.Null(refused.TaskId);
        Assert.Equal(ScheduleGrain.UnknownAgentCode, refused.Error!.Code);
        Assert.Null(await fixture.Grains.GetTaskGrain(ScheduleRules.TaskIdFor(new ScheduleKey(tenant, "enrich-often"), refused.Slot)).GetAsync(tenant));
        Assert.True(await schedule.DeleteAsync());
    }
}
