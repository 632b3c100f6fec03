using System.Collections.Immutable;
using System.Text.Json;
using Aaba.Abstractions.Agents;
using Aaba.Abstractions.Tasks;
using Aaba.Grains.Agents;
using Aaba.Grains.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace Aaba.UnitTests.Tasks;

/// <summary>Every rule of a task's life, on <see cref="TaskMachine"/> alone: no cluster, no storage, a fake clock.</summary>
public sealed class TaskMachineTests
{
    private const string Silo = "S127.0.0.1:11111:1";
    private const string OtherSilo = "S127.0.0.1:11112:2";
    private static readonly TaskRules Rules = new(MaxAttempts: 3, LeaseDuration: TimeSpan.FromSeconds(8), ReportGrace: TimeSpan.FromMinutes(1), MaxEvents: 10);
    private static readonly AgentDescriptor Add = new("add", "add", "adds", "{}", TimeSpan.FromMinutes(2), RetryPolicy.None);
    private static readonly RetryPolicy Transient = new(3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), ["llm_unavailable"]);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));

    private DateTimeOffset Now => _time.GetUtcNow();

    private TaskDecision Decide(TaskState? task, TaskCommand command) => TaskMachine.Decide(task, command, Rules, Now);

    private TaskState Submitted(TimeSpan? timeout = null) =>
        Decide(null, new TaskCommand.Submit(new TaskSubmission("add", """{"x":1,"y":2}""", timeout), Add, Silo, null, Now)).Task;

    [Fact]
    public void A_submission_is_created_running_attempt_1_leased_and_handed_to_its_agent()
    {
        var decision = Decide(null, new TaskCommand.Submit(new TaskSubmission("add", """{"x":1,"y":2}"""), Add, Silo, "00-trace-01", Now - TimeSpan.FromMilliseconds(3)));

        Assert.Equal(TaskWrite.Create, decision.Write);
        Assert.Equal(TaskTransition.Accepted, decision.Transition);
        Assert.Equal(Now + Rules.LeaseDuration, decision.LeaseUntil);
        Assert.Equal([new TaskEffect.HandToAgent(1)], decision.Effects);
        var task = decision.Task;
        Assert.Equal((AgentTaskStatus.Running, 1, Silo, Now), (task.Status, task.Attempts, task.RunningOn, task.StartedAt));
        Assert.Equal(Add.DefaultTimeout, task.Timeout);
        Assert.Equal(Now + Add.DefaultTimeout + Rules.ReportGrace, task.AttemptDeadline);
        Assert.Equal("00-trace-01", task.TraceParent);
        Assert.Equal(Now - TimeSpan.FromMilliseconds(3), task.CreatedAt);
        Assert.Equal(["queued", "running"], Statuses(task));
        Assert.Equal(2, task.LastEventId);
    }

    [Fact]
    public void A_requested_timeout_replaces_the_agent_default()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), Submitted(TimeSpan.FromSeconds(5)).Timeout);
    }

    [Fact]
    public void Success_finishes_the_task_with_its_result_and_the_progress_it_had_not_sent()
    {
        var task = Submitted();
        _time.Advance(TimeSpan.FromSeconds(2));
        var outcome = AgentOutcome.Success("""{"sum":3}""") with
        {
            Usage = new TaskUsage(10, 5),
            Progress = [new ProgressReport("adding", null, Now)],
        };

        var decision = Decide(task, new TaskCommand.Finished(1, outcome, RetryPolicy.None, 0.5));

        Assert.Equal(TaskWrite.Finish, decision.Write);
        Assert.Equal(TaskTransition.Finished, decision.Transition);
        Assert.Equal((AgentTaskStatus.Succeeded, """{"sum":3}""", Now), (decision.Task.Status, decision.Task.ResultJson, decision.Task.FinishedAt));
        Assert.Null(decision.Task.RunningOn);
        Assert.Equal(new TaskUsage(10, 5), decision.Task.Usage);
        Assert.Equal(["status", "status", "progress", "status"], decision.Task.Events.Select(e => e.Type));
    }

    [Fact]
    public void A_failure_the_policy_does_not_call_transient_is_final()
    {
        var decision = Decide(Submitted(), new TaskCommand.Finished(1, AgentOutcome.Failure("agent_error", "boom"), Transient, 0.5));

        Assert.Equal(TaskWrite.Finish, decision.Write);
        Assert.Equal(AgentTaskStatus.Failed, decision.Task.Status);
        Assert.Equal(new TaskError("agent_error", "boom"), decision.Task.Error);
        Assert.Empty(decision.Task.AttemptHistory);
    }

    [Fact]
    public void A_transient_failure_is_retried_after_a_backoff_with_its_lease_past_the_backoff()
    {
        var error = new TaskError("llm_unavailable", "429s");
        var decision = Decide(Submitted(), new TaskCommand.Finished(1, new AgentOutcome(null, error), Transient, 1.0));

        var delay = Transient.DelayBefore(2, 1.0);
        Assert.Equal(TaskTransition.Retrying, decision.Transition);
        Assert.Equal(TaskWrite.Update, decision.Write);
        Assert.Equal(Now + delay + Rules.LeaseDuration, decision.LeaseUntil);
        Assert.Equal([new TaskEffect.StartLater(delay)], decision.Effects);
        Assert.Equal(AgentTaskStatus.Queued, decision.Task.Status);
        Assert.Null(decision.Task.RunningOn);
        Assert.Equal(new AttemptRecord(1, Now, Now, error), Assert.Single(decision.Task.AttemptHistory));
    }

    [Fact]
    public void Retries_stop_at_the_policy_s_attempts()
    {
        var task = Submitted();
        var error = new AgentOutcome(null, new TaskError("llm_unavailable", "down"));
        for (var attempt = 1; attempt < Transient.MaxAttempts; attempt++)
        {
            task = Decide(task, new TaskCommand.Finished(attempt, error, Transient, 0)).Task;
            task = Decide(task, new TaskCommand.StartAttempt(Add, Silo)).Task;
        }

        var last = Decide(task, new TaskCommand.Finished(Transient.MaxAttempts, error, Transient, 0));

        Assert.Equal(AgentTaskStatus.Failed, last.Task.Status);
        Assert.Equal("llm_unavailable", last.Task.Error!.Code);
        Assert.Equal(Transient.MaxAttempts - 1, last.Task.AttemptHistory.Count);
    }

    [Fact]
    public void The_next_attempt_starts_from_queued_counts_up_and_is_leased_again()
    {
        var waiting = Decide(Submitted(), new TaskCommand.Finished(1, new AgentOutcome(null, new TaskError("llm_unavailable", "x")), Transient, 0)).Task;
        _time.Advance(TimeSpan.FromSeconds(3));

        var decision = Decide(waiting, new TaskCommand.StartAttempt(Add, OtherSilo));

        Assert.Equal(TaskTransition.AttemptStarted, decision.Transition);
        Assert.Equal((AgentTaskStatus.Running, 2, OtherSilo, Now), (decision.Task.Status, decision.Task.Attempts, decision.Task.RunningOn, decision.Task.StartedAt));
        Assert.Equal(Now + Rules.LeaseDuration, decision.LeaseUntil);
        Assert.Equal([new TaskEffect.HandToAgent(2)], decision.Effects);
    }

    [Fact]
    public void Starting_an_attempt_while_one_is_in_flight_changes_nothing()
    {
        var decision = Decide(Submitted(), new TaskCommand.StartAttempt(Add, Silo));

        Assert.Equal(TaskWrite.None, decision.Write);
        Assert.Equal(1, decision.Task.Attempts);
    }

    [Fact]
    public void An_agent_no_longer_registered_fails_the_task_when_it_would_start_again()
    {
        var waiting = Decide(Submitted(), new TaskCommand.HandBack(1)).Task;

        var decision = Decide(waiting, new TaskCommand.StartAttempt(null, Silo));

        Assert.Equal((AgentTaskStatus.Failed, TaskErrorCodes.AgentError), (decision.Task.Status, decision.Task.Error!.Code));
    }

    [Fact]
    public void An_expired_lease_of_a_live_run_is_renewed_and_nothing_else_changes()
    {
        var task = Submitted();
        _time.Advance(TimeSpan.FromSeconds(20));

        var decision = Decide(task, new TaskCommand.LeaseExpired(RunAlive: true, Add, Silo));

        Assert.Equal(TaskWrite.Lease, decision.Write);
        Assert.Equal(TaskTransition.LeaseRenewed, decision.Transition);
        Assert.Equal(Now + Rules.LeaseDuration, decision.LeaseUntil);
        Assert.Same(task, decision.Task);
        Assert.Empty(decision.Effects);
    }

    [Fact]
    public void An_expired_lease_of_a_dead_run_records_it_lost_and_starts_the_next_attempt_in_one_write()
    {
        var task = Submitted();
        var startedAt = Now;
        _time.Advance(TimeSpan.FromSeconds(9));

        var decision = Decide(task, new TaskCommand.LeaseExpired(RunAlive: false, Add, OtherSilo));

        Assert.Equal(TaskTransition.AttemptLost, decision.Transition);
        Assert.Equal(TaskWrite.Update, decision.Write);
        var lost = Assert.Single(decision.Task.AttemptHistory);
        Assert.Equal((1, startedAt, Now, TaskErrorCodes.Lost), (lost.Attempt, lost.StartedAt, lost.EndedAt, lost.Error.Code));
        Assert.Equal((AgentTaskStatus.Running, 2, OtherSilo), (decision.Task.Status, decision.Task.Attempts, decision.Task.RunningOn));
        // The lost run is stopped first (it may be alive here and ignoring its token), then the next one handed over.
        Assert.Equal([new TaskEffect.StopRun(1), new TaskEffect.HandToAgent(2)], decision.Effects);
    }

    [Fact]
    public void A_run_still_alive_past_its_deadline_counts_as_lost()
    {
        var task = Submitted(TimeSpan.FromSeconds(10));
        _time.Advance(TimeSpan.FromSeconds(10) + Rules.ReportGrace);

        var decision = Decide(task, new TaskCommand.LeaseExpired(RunAlive: true, Add, Silo));

        Assert.Equal(TaskTransition.AttemptLost, decision.Transition);
        Assert.Equal(2, decision.Task.Attempts);
    }

    [Fact]
    public void An_expired_lease_of_a_queued_task_starts_its_attempt()
    {
        var waiting = Decide(Submitted(), new TaskCommand.HandBack(1)).Task;

        var decision = Decide(waiting, new TaskCommand.LeaseExpired(RunAlive: false, Add, Silo));

        Assert.Equal(TaskTransition.AttemptStarted, decision.Transition);
        Assert.Equal((AgentTaskStatus.Running, 2), (decision.Task.Status, decision.Task.Attempts));
        Assert.DoesNotContain(decision.Task.AttemptHistory, a => a.Error.Code == TaskErrorCodes.Lost);
    }

    [Fact]
    public void Lost_attempts_exhaust_the_task()
    {
        var task = Submitted();
        for (var attempt = 1; attempt < Rules.MaxAttempts; attempt++)
        {
            task = Decide(task, new TaskCommand.LeaseExpired(false, Add, Silo)).Task;
        }

        var decision = Decide(task, new TaskCommand.LeaseExpired(false, Add, Silo));

        Assert.Equal(TaskTransition.Finished, decision.Transition);
        Assert.Equal((AgentTaskStatus.Failed, TaskErrorCodes.AttemptsExhausted), (decision.Task.Status, decision.Task.Error!.Code));
        Assert.Equal(Rules.MaxAttempts, decision.Task.AttemptHistory.Count(a => a.Error.Code == TaskErrorCodes.Lost));
        Assert.Equal([new TaskEffect.StopRun(Rules.MaxAttempts)], decision.Effects);
    }

    [Fact]
    public void A_hand_back_queues_the_task_with_an_expired_lease_and_is_not_counted_against_its_attempts()
    {
        var task = Submitted();
        for (var i = 0; i < Rules.MaxAttempts + 2; i++)
        {
            var handedBack = Decide(task, new TaskCommand.HandBack(task.Attempts));
            Assert.Equal(TaskTransition.HandedBack, handedBack.Transition);
            Assert.Equal(Now, handedBack.LeaseUntil);
            Assert.Equal(AgentTaskStatus.Queued, handedBack.Task.Status);
            Assert.Equal(TaskErrorCodes.HandedBack, handedBack.Task.AttemptHistory[^1].Error.Code);
            task = Decide(handedBack.Task, new TaskCommand.StartAttempt(Add, Silo)).Task;
        }

        Assert.Equal(AgentTaskStatus.Running, task.Status);
        Assert.Equal(1, task.CountedAttempts);
    }

    [Fact]
    public void A_hand_back_of_another_attempt_is_ignored()
    {
        var decision = Decide(Submitted(), new TaskCommand.HandBack(7));

        Assert.Equal((TaskWrite.None, TaskTransition.StaleReport), (decision.Write, decision.Transition));
    }

    [Fact]
    public void Cancel_finishes_a_running_task_and_stops_its_run_after_the_write()
    {
        var decision = Decide(Submitted(), new TaskCommand.Cancel());

        Assert.Equal(TaskWrite.Finish, decision.Write);
        Assert.Equal(AgentTaskStatus.Cancelled, decision.Task.Status);
        Assert.Equal([new TaskEffect.StopRun(1)], decision.Effects);
    }

    [Fact]
    public void Cancel_of_a_task_waiting_to_retry_stops_no_run()
    {
        var waiting = Decide(Submitted(), new TaskCommand.HandBack(1)).Task;

        var decision = Decide(waiting, new TaskCommand.Cancel());

        Assert.Equal(AgentTaskStatus.Cancelled, decision.Task.Status);
        Assert.Empty(decision.Effects);
    }

    [Fact]
    public void Cancel_of_a_task_held_in_its_agent_s_queue_stops_that_run()
    {
        var held = Decide(Submitted(), new TaskCommand.Queued(1, 4)).Task;

        var decision = Decide(held, new TaskCommand.Cancel());

        Assert.Equal([new TaskEffect.StopRun(1)], decision.Effects);
    }

    [Fact]
    public void Cancelling_a_cancelled_task_changes_nothing()
    {
        var cancelled = Decide(Submitted(), new TaskCommand.Cancel()).Task;

        var again = Decide(cancelled, new TaskCommand.Cancel());

        Assert.Equal(TaskWrite.None, again.Write);
        Assert.Same(cancelled, again.Task);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_succeeded_or_failed_task_cannot_be_cancelled(bool succeeded)
    {
        var outcome = succeeded ? AgentOutcome.Success("{}") : AgentOutcome.Failure("agent_error", "no");
        var finished = Decide(Submitted(), new TaskCommand.Finished(1, outcome, RetryPolicy.None, 0)).Task;

        Assert.Throws<TaskConflictException>(() => Decide(finished, new TaskCommand.Cancel()));
    }

    [Fact]
    public void Reports_of_an_old_attempt_or_after_the_end_are_ignored()
    {
        var task = Decide(Submitted(), new TaskCommand.LeaseExpired(false, Add, Silo)).Task;
        var finished = Decide(task, new TaskCommand.Finished(2, AgentOutcome.Success("{}"), RetryPolicy.None, 0)).Task;

        Assert.Equal(TaskTransition.StaleReport, Decide(task, new TaskCommand.Finished(1, AgentOutcome.Success("{}"), RetryPolicy.None, 0)).Transition);
        Assert.Equal(TaskTransition.StaleReport, Decide(task, new TaskCommand.Progressed(1, [new ProgressReport("old", null, Now)])).Transition);
        Assert.Equal(TaskTransition.StaleReport, Decide(finished, new TaskCommand.Finished(2, AgentOutcome.Failure("x", "y"), RetryPolicy.None, 0)).Transition);
        Assert.Equal(TaskTransition.StaleReport, Decide(finished, new TaskCommand.Progressed(2, [new ProgressReport("late", null, Now)])).Transition);
    }

    [Fact]
    public void Progress_is_shown_at_once_and_written_later()
    {
        var decision = Decide(Submitted(), new TaskCommand.Progressed(1, [new ProgressReport("searching", """{"n":1}""", Now)]));

        Assert.Equal(TaskWrite.Later, decision.Write);
        var progress = decision.Task.Events[^1];
        Assert.Equal("progress", progress.Type);
        using var data = JsonDocument.Parse(progress.DataJson);
        Assert.Equal("searching", data.RootElement.GetProperty("message").GetString());
        Assert.Equal(1, data.RootElement.GetProperty("data").GetProperty("n").GetInt32());
    }

    [Fact]
    public void Waiting_in_the_agent_s_queue_reads_queued_with_a_position_and_starting_reads_running_again()
    {
        var held = Decide(Submitted(), new TaskCommand.Queued(1, 3));
        Assert.Equal((AgentTaskStatus.Queued, 3, TaskWrite.Later), (held.Task.Status, held.Task.QueuePosition, held.Write));
        Assert.True(held.Task.HasAttemptInFlight);
        _time.Advance(TimeSpan.FromSeconds(5));

        var started = Decide(held.Task, new TaskCommand.Started(1));

        Assert.Equal((AgentTaskStatus.Running, null, Now), (started.Task.Status, started.Task.QueuePosition, started.Task.StartedAt));
        Assert.Equal(TaskWrite.Update, started.Write);
        Assert.Null(started.LeaseUntil);
    }

    [Fact]
    public void Events_are_capped_keeping_the_first_and_the_newest()
    {
        var task = Submitted();
        var reports = Enumerable.Range(1, 20).Select(i => new ProgressReport($"step {i}", null, Now)).ToList();

        var decision = Decide(task, new TaskCommand.Progressed(1, reports));

        Assert.Equal(Rules.MaxEvents, decision.Task.Events.Count);
        Assert.Equal(1, decision.Task.Events[0].Id);
        Assert.Equal(22, decision.Task.Events[^1].Id);
        Assert.Equal(22, decision.Task.LastEventId);
    }

    [Fact]
    public void Usage_adds_up_over_attempts()
    {
        var first = new AgentOutcome(null, new TaskError("llm_unavailable", "x"), new TaskUsage(100, 10));
        var task = Decide(Submitted(), new TaskCommand.Finished(1, first, Transient, 0)).Task;
        task = Decide(task, new TaskCommand.StartAttempt(Add, Silo)).Task;

        var done = Decide(task, new TaskCommand.Finished(2, AgentOutcome.Success("{}") with { Usage = new TaskUsage(50, 5) }, Transient, 0));

        Assert.Equal(new TaskUsage(150, 15), done.Task.Usage);
    }

    [Fact]
    public void A_finished_task_ignores_lease_expiry_and_start_requests()
    {
        var finished = Decide(Submitted(), new TaskCommand.Finished(1, AgentOutcome.Success("{}"), RetryPolicy.None, 0)).Task;

        Assert.Equal(TaskWrite.None, Decide(finished, new TaskCommand.LeaseExpired(false, Add, Silo)).Write);
        Assert.Equal(TaskWrite.None, Decide(finished, new TaskCommand.StartAttempt(Add, Silo)).Write);
    }

    private static ImmutableArray<string?> Statuses(TaskState task) =>
        [.. task.Events.Where(e => e.Type == "status").Select(e => JsonDocument.Parse(e.DataJson).RootElement.GetProperty("status").GetString())];
}
