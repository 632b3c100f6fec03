using Aaba.Abstractions.Agents;
using Aaba.Abstractions.Tasks;
using Aaba.Grains.Agents;
using Aaba.Grains.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace Aaba.UnitTests.Automations;

/// <summary>The task machine's rules for completion webhooks, and the agent version a task records.</summary>
public sealed class CallbackRulesTests
{
    private const string Silo = "S127.0.0.1:11111:1";
    private static readonly TaskRules Rules = new(MaxAttempts: 3, LeaseDuration: TimeSpan.FromSeconds(8), ReportGrace: TimeSpan.FromMinutes(1));
    private static readonly AgentDescriptor Add = new("add", "add", "adds", "{}", TimeSpan.FromMinutes(2), RetryPolicy.None, Version: 7);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));

    private DateTimeOffset Now => _time.GetUtcNow();

    private TaskDecision Decide(TaskState? task, TaskCommand command) => TaskMachine.Decide(task, command, Rules, Now);

    private TaskState Submitted(string? callback) =>
        Decide(null, new TaskCommand.Submit(new TaskSubmission("add", """{"x":1}""", CallbackUrl: callback), Add, Silo, null, Now)).Task;

    private TaskDecision Finished(TaskState task) => Decide(task, new TaskCommand.Finished(task.Attempts, AgentOutcome.Success("{}"), RetryPolicy.None, 0));

    private static WebhookDelivery Attempt(int n, int? status) => new(n, DateTimeOffset.UnixEpoch, status, status is >= 200 and < 300 ? null : "no", 1);

    [Fact]
    public void A_task_records_the_version_of_the_agent_it_ran_with()
    {
        Assert.Equal(7, Submitted(null).AgentVersion);
    }

    [Fact]
    public void A_plain_task_finishes_without_a_lease_or_a_webhook()
    {
        var finish = Finished(Submitted(null));
        Assert.Equal((TaskWrite.Finish, (DateTimeOffset?)null), (finish.Write, finish.LeaseUntil));
        Assert.Empty(finish.Effects);
    }

    [Fact]
    public void A_task_with_a_callback_finishes_leased_and_sends_its_first_webhook_after_the_write()
    {
        var finish = Finished(Submitted("https://example.com/hook"));
        Assert.Equal(TaskWrite.Finish, finish.Write);
        Assert.Equal(Now + Rules.LeaseDuration + TaskMachine.CallbackGrace, finish.LeaseUntil);
        Assert.Equal([new TaskEffect.DeliverCallback(1)], finish.Effects);
        Assert.Equal(TaskCallback.Pending, finish.Task.Callback!.Status);
    }

    [Fact]
    public void A_delivered_webhook_is_recorded_and_the_lease_goes()
    {
        var finished = Finished(Submitted("https://example.com/hook")).Task;
        var delivered = Decide(finished, new TaskCommand.CallbackAttempted(Attempt(1, 204), false, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)));
        Assert.Equal((TaskWrite.AfterFinish, (DateTimeOffset?)null), (delivered.Write, delivered.LeaseUntil));
        Assert.Equal(TaskCallback.Delivered, delivered.Task.Callback!.Status);
        Assert.Single(delivered.Task.Callback.Deliveries);
    }

    [Fact]
    public void A_transient_failure_is_retried_by_recovery_when_its_backoff_ends()
    {
        var finished = Finished(Submitted("https://example.com/hook")).Task;
        var failed = Decide(finished, new TaskCommand.CallbackAttempted(Attempt(1, 503), true, TimeSpan.FromSeconds(4), TimeSpan.FromDays(1)));
        Assert.Equal((TaskWrite.AfterFinish, Now + TimeSpan.FromSeconds(4)), (failed.Write, failed.LeaseUntil));
        Assert.Equal(TaskCallback.Pending, failed.Task.Callback!.Status);

        var early = Decide(failed.Task, new TaskCommand.CallbackDue());
        Assert.Equal((TaskWrite.Lease, Now + TimeSpan.FromSeconds(4)), (early.Write, early.LeaseUntil));
        Assert.Empty(early.Effects);

        _time.Advance(TimeSpan.FromSeconds(4));
        var due = Decide(failed.Task, new TaskCommand.CallbackDue());
        Assert.Equal([new TaskEffect.DeliverCallback(2)], due.Effects);
    }

    [Fact]
    public void A_final_answer_or_a_day_of_failures_gives_up()
    {
        var finished = Finished(Submitted("https://example.com/hook")).Task;
        var refused = Decide(finished, new TaskCommand.CallbackAttempted(Attempt(1, 410), false, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)));
        Assert.Equal((TaskCallback.Failed, (DateTimeOffset?)null), (refused.Task.Callback!.Status, refused.LeaseUntil));

        _time.Advance(TimeSpan.FromDays(1));
        var late = Decide(finished, new TaskCommand.CallbackAttempted(Attempt(1, 500), true, TimeSpan.FromMinutes(15), TimeSpan.FromDays(1)));
        Assert.Equal(TaskCallback.Failed, late.Task.Callback!.Status);
    }

    [Fact]
    public void A_repeated_report_of_one_attempt_changes_nothing()
    {
        var finished = Finished(Submitted("https://example.com/hook")).Task;
        var once = Decide(finished, new TaskCommand.CallbackAttempted(Attempt(1, 500), true, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1))).Task;
        var twice = Decide(once, new TaskCommand.CallbackAttempted(Attempt(1, 500), true, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)));
        Assert.Equal(TaskWrite.None, twice.Write);
    }
}
