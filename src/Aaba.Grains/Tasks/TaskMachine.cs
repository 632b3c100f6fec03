using System.Text.Json;
using Aaba.Abstractions.Agents;
using Aaba.Abstractions.Tasks;
using Aaba.Grains.Agents;

namespace Aaba.Grains.Tasks;

/// <summary>
/// The rules of a task's life, in one place and without I/O: given the stored task, a command and the time, it
/// returns the new task, how to write it, its lease and the effects to perform after the write. Every rule here has
/// a unit test (<c>TaskMachineTests</c>).
/// <list type="bullet">
/// <item>A new task is stored already running attempt 1 ("queued" then "running" in one write), leased.</item>
/// <item>An attempt holds a lease while it runs; the silo running it renews it. When a lease expires the task is
/// checked: a run that is still alive keeps it; otherwise the attempt is <c>lost</c> and the next one starts.</item>
/// <item>Failures the agent's policy calls transient are retried with backoff, up to its attempts; others are final.</item>
/// <item>Attempts lost to crashes count toward <see cref="TaskRules.MaxAttempts"/>; a clean shutdown's hand-back does not.</item>
/// <item>Cancel stops a queued or running task; a cancelled one stays cancelled; a succeeded or failed one cannot be.</item>
/// <item>Reports of any attempt but the current one are ignored.</item>
/// </list>
/// </summary>
public static class TaskMachine
{
    public static TaskDecision Decide(TaskState? task, TaskCommand command, TaskRules rules, DateTimeOffset now)
    {
        if (command is TaskCommand.Submit submit)
        {
            return task is null
                ? Submit(submit, rules, now)
                : throw new InvalidOperationException("A task that exists cannot be submitted again.");
        }
        ArgumentNullException.ThrowIfNull(task);
        return command switch
        {
            TaskCommand.StartAttempt start => task.Status == AgentTaskStatus.Queued && !task.HasAttemptInFlight
                ? StartAttempt(task, start.Agent, start.Silo, rules, now, TaskTransition.AttemptStarted)
                : TaskDecision.Unchanged(task),
            TaskCommand.Queued queued => Queued(task, queued, now, rules),
            TaskCommand.Started started => Started(task, started, now, rules),
            TaskCommand.Progressed progressed => Progressed(task, progressed, rules),
            TaskCommand.Finished finished => Finished(task, finished, rules, now),
            TaskCommand.Cancel => Cancel(task, rules, now),
            TaskCommand.HandBack handBack => HandBack(task, handBack, rules, now),
            TaskCommand.LeaseExpired expired => LeaseExpired(task, expired, rules, now),
            TaskCommand.CallbackAttempted attempted => CallbackAttempted(task, attempted, now),
            TaskCommand.CallbackDue => CallbackDue(task, rules, now),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown task command."),
        };
    }

    private static TaskDecision Submit(TaskCommand.Submit submit, TaskRules rules, DateTimeOffset now)
    {
        var task = new TaskState
        {
            Tenant = submit.Submission.Tenant,
            Agent = submit.Submission.Agent,
            InputJson = submit.Submission.InputJson,
            Status = AgentTaskStatus.Queued,
            // Never after its start, whatever the clocks of the machine that made the id and this one say.
            CreatedAt = submit.CreatedAt < now ? submit.CreatedAt : now,
            Timeout = submit.Submission.Timeout ?? submit.Agent.DefaultTimeout,
            TraceParent = submit.TraceParent,
            Kind = submit.Agent.Kind == AgentKindNames.Pipeline ? submit.Agent.Kind : null,
            ParentId = submit.Submission.ParentId,
            Callback = submit.Submission.CallbackUrl is { } url ? TaskCallback.For(url) : null,
        };
        task = WithStatusEvent(task, now, rules);
        var started = StartAttempt(task, submit.Agent, submit.Silo, rules, now, TaskTransition.Accepted);
        return started with { Write = TaskWrite.Create };
    }

    /// <summary>The next attempt of a queued task, or its end when it may not run again.</summary>
    private static TaskDecision StartAttempt(
        TaskState task, AgentDescriptor? agent, string silo, TaskRules rules, DateTimeOffset now, TaskTransition transition)
    {
        if (task.CountedAttempts >= rules.MaxAttempts)
        {
            return Finish(task, AgentTaskStatus.Failed, null, new TaskError(TaskErrorCodes.AttemptsExhausted,
                $"The task was started {task.CountedAttempts} times and never finished; giving up."), rules, now);
        }
        if (agent is null)
        {
            return Finish(task, AgentTaskStatus.Failed, null, new TaskError(TaskErrorCodes.AgentError,
                $"The agent '{task.Agent}' is no longer registered."), rules, now);
        }
        var attempt = task.Attempts + 1;
        var running = WithStatusEvent(task with
        {
            Status = AgentTaskStatus.Running,
            Attempts = attempt,
            StartedAt = now,
            RunningOn = silo,
            AttemptDeadline = now + task.Timeout + rules.ReportGrace,
            QueuePosition = null,
            AgentVersion = agent.Version,
        }, now, rules);
        return new TaskDecision(running, TaskWrite.Update, now + rules.LeaseDuration, [new TaskEffect.HandToAgent(attempt)], transition);
    }

    private static TaskDecision Queued(TaskState task, TaskCommand.Queued queued, DateTimeOffset now, TaskRules rules)
    {
        if (!IsCurrent(task, queued.Attempt) || task.Status != AgentTaskStatus.Running)
        {
            return TaskDecision.Unchanged(task, TaskTransition.StaleReport);
        }
        var waiting = WithStatusEvent(task with { Status = AgentTaskStatus.Queued, QueuePosition = queued.Position }, now, rules,
            new { position = queued.Position });
        return new TaskDecision(waiting, TaskWrite.Later, null, [], TaskTransition.None);
    }

    private static TaskDecision Started(TaskState task, TaskCommand.Started started, DateTimeOffset now, TaskRules rules)
    {
        if (!IsCurrent(task, started.Attempt) || task.Status != AgentTaskStatus.Queued)
        {
            return TaskDecision.Unchanged(task, TaskTransition.StaleReport);
        }
        var running = WithStatusEvent(task with { Status = AgentTaskStatus.Running, QueuePosition = null, StartedAt = now }, now, rules);
        return new TaskDecision(running, TaskWrite.Update, null, [], TaskTransition.None);
    }

    private static TaskDecision Progressed(TaskState task, TaskCommand.Progressed progressed, TaskRules rules)
    {
        if (!IsCurrent(task, progressed.Attempt) || task.Status != AgentTaskStatus.Running)
        {
            return TaskDecision.Unchanged(task, TaskTransition.StaleReport);
        }
        return new TaskDecision(WithProgress(task, progressed.Attempt, progressed.Reports, rules), TaskWrite.Later, null, [], TaskTransition.None);
    }

    private static TaskDecision Finished(TaskState task, TaskCommand.Finished finished, TaskRules rules, DateTimeOffset now)
    {
        if (!IsCurrent(task, finished.Attempt))
        {
            return TaskDecision.Unchanged(task, TaskTransition.StaleReport);
        }
        var outcome = finished.Outcome;
        // Steps the run had not sent yet come before its end, written with it.
        var ended = WithProgress(task, finished.Attempt, outcome.Progress ?? [], rules) with { Usage = Sum(task.Usage, outcome.Usage) };
        if (outcome.Error is not { } error)
        {
            return Finish(ended, AgentTaskStatus.Succeeded, outcome.ResultJson, null, rules, now);
        }
        var retry = finished.Retry;
        if (!retry.TransientErrorCodes.Contains(error.Code) || ended.CountedAttempts >= retry.MaxAttempts)
        {
            return Finish(ended, AgentTaskStatus.Failed, null, error, rules, now);
        }
        var delay = retry.DelayBefore(ended.CountedAttempts + 1, finished.Jitter);
        var waiting = WithStatusEvent(EndAttempt(ended, error, now), now, rules, new { retry_in_ms = (long)delay.TotalMilliseconds, error });
        // Leased past the backoff: if this activation is lost while it waits, recovery starts the retry.
        return new TaskDecision(waiting, TaskWrite.Update, now + delay + rules.LeaseDuration, [new TaskEffect.StartLater(delay)], TaskTransition.Retrying);
    }

    private static TaskDecision Cancel(TaskState task, TaskRules rules, DateTimeOffset now)
    {
        switch (task.Status)
        {
            case AgentTaskStatus.Cancelled:
                return TaskDecision.Unchanged(task);
            case AgentTaskStatus.Succeeded or AgentTaskStatus.Failed:
                throw new TaskConflictException($"The task already {task.Status.ToWireName()}; only a queued or running task can be cancelled.");
        }
        var inFlight = task.HasAttemptInFlight ? task.Attempts : 0;
        var cancelled = Finish(task, AgentTaskStatus.Cancelled, null, null, rules, now);
        // The run is stopped only once the cancellation is written: if the write fails, the run goes on.
        return inFlight == 0 ? cancelled : cancelled with { Effects = [new TaskEffect.StopRun(inFlight)] };
    }

    private static TaskDecision HandBack(TaskState task, TaskCommand.HandBack handBack, TaskRules rules, DateTimeOffset now)
    {
        if (!IsCurrent(task, handBack.Attempt))
        {
            return TaskDecision.Unchanged(task, TaskTransition.StaleReport);
        }
        var handedBack = WithStatusEvent(EndAttempt(task, new TaskError(TaskErrorCodes.HandedBack,
            "The process running this attempt shut down cleanly and handed the task back; it runs again."), now), now, rules,
            new { handed_back = true });
        // An expired lease: the next recovery pass (on any silo, or this process after a restart) starts it again.
        return new TaskDecision(handedBack, TaskWrite.Update, now, [], TaskTransition.HandedBack);
    }

    private static TaskDecision LeaseExpired(TaskState task, TaskCommand.LeaseExpired expired, TaskRules rules, DateTimeOffset now)
    {
        if (task.Status.IsTerminal())
        {
            return TaskDecision.Unchanged(task);
        }
        if (!task.HasAttemptInFlight)
        {
            // Waiting for a retry or after a hand-back, and the activation that would start it is gone.
            return StartAttempt(task, expired.Agent, expired.Silo, rules, now, TaskTransition.AttemptStarted);
        }
        if (expired.RunAlive && now < (task.AttemptDeadline ?? DateTimeOffset.MaxValue))
        {
            return new TaskDecision(task, TaskWrite.Lease, now + rules.LeaseDuration, [], TaskTransition.LeaseRenewed);
        }
        var lostAttempt = task.Attempts;
        var lost = EndAttempt(task, new TaskError(TaskErrorCodes.Lost,
            "The run was lost with the silo or process that ran it, or never reported back; the task was started again."), now);
        var next = StartAttempt(lost, expired.Agent, expired.Silo, rules, now, TaskTransition.AttemptLost);
        // Past its deadline a run may still be alive here, ignoring its token: make sure it cannot race the next one.
        return next with
        {
            Effects = next.Effects.Insert(0, new TaskEffect.StopRun(lostAttempt)),
            Transition = next.Transition == TaskTransition.Finished ? TaskTransition.Finished : TaskTransition.AttemptLost,
        };
    }

    private static TaskDecision Finish(TaskState task, AgentTaskStatus status, string? resultJson, TaskError? error, TaskRules rules, DateTimeOffset now)
    {
        var finished = WithStatusEvent(task with
        {
            Status = status,
            FinishedAt = now,
            ResultJson = resultJson,
            Error = error,
            RunningOn = null,
            AttemptDeadline = null,
            QueuePosition = null,
        }, now, rules);
        // A completion webhook is sent once the end is written, and the task stays leased until it is delivered: if
        // this activation is lost meanwhile, recovery sends it (at least once).
        return finished.Callback is { Status: TaskCallback.Pending }
            ? new TaskDecision(finished, TaskWrite.Finish, now + rules.LeaseDuration + CallbackGrace, [new TaskEffect.DeliverCallback(1)], TaskTransition.Finished)
            : new TaskDecision(finished, TaskWrite.Finish, null, [], TaskTransition.Finished);
    }

    /// <summary>How long past its lease a completion webhook attempt may take before recovery sends it again.</summary>
    public static readonly TimeSpan CallbackGrace = TimeSpan.FromSeconds(30);

    private static TaskDecision CallbackAttempted(TaskState task, TaskCommand.CallbackAttempted attempted, DateTimeOffset now)
    {
        if (!task.Status.IsTerminal() || task.Callback is not { Status: TaskCallback.Pending } callback ||
            callback.Deliveries.Any(d => d.Attempt == attempted.Delivery.Attempt))
        {
            return TaskDecision.Unchanged(task, TaskTransition.StaleReport);
        }
        var deliveries = callback.Deliveries.Add(attempted.Delivery);
        var next = now + attempted.RetryDelay;
        var updated = attempted.Delivery.Delivered
            ? callback with { Status = TaskCallback.Delivered, Deliveries = deliveries, NextAttemptAt = null }
            : !attempted.Transient || next - (task.FinishedAt ?? now) > attempted.MaxAge
                ? callback with { Status = TaskCallback.Failed, Deliveries = deliveries, NextAttemptAt = null }
                : callback with { Deliveries = deliveries, NextAttemptAt = next };
        // Leased until the next attempt is due: recovery (on any silo) sends it then.
        var lease = updated.Status == TaskCallback.Pending ? next : (DateTimeOffset?)null;
        return new TaskDecision(task with { Callback = updated }, TaskWrite.AfterFinish, lease, [], TaskTransition.CallbackAttempted);
    }

    private static TaskDecision CallbackDue(TaskState task, TaskRules rules, DateTimeOffset now)
    {
        if (!task.Status.IsTerminal() || task.Callback is not { Status: TaskCallback.Pending } callback)
        {
            return TaskDecision.Unchanged(task);
        }
        if (callback.NextAttemptAt is { } due && due > now)
        {
            return new TaskDecision(task, TaskWrite.Lease, due, [], TaskTransition.None);
        }
        return new TaskDecision(task, TaskWrite.Lease, now + rules.LeaseDuration + CallbackGrace,
            [new TaskEffect.DeliverCallback(callback.Deliveries.Length + 1)], TaskTransition.None);
    }

    /// <summary>The current attempt ends without finishing the task; it waits, queued, for the next.</summary>
    private static TaskState EndAttempt(TaskState task, TaskError error, DateTimeOffset now) => task with
    {
        AttemptHistory = task.AttemptHistory.Add(new AttemptRecord(task.Attempts, task.StartedAt, now, error)),
        Status = AgentTaskStatus.Queued,
        RunningOn = null,
        AttemptDeadline = null,
        QueuePosition = null,
    };

    private static bool IsCurrent(TaskState task, int attempt) => attempt == task.Attempts && task.HasAttemptInFlight;

    private static TaskState WithStatusEvent(TaskState task, DateTimeOffset now, TaskRules rules, object? details = null) =>
        WithEvent(task, "status", now, JsonSerializer.Serialize(
            new StatusData(task.Status.ToWireName(), task.Attempts, task.Error, details), AabaJson.OmitNulls), rules);

    private static TaskState WithProgress(TaskState task, int attempt, IReadOnlyList<ProgressReport> reports, TaskRules rules)
    {
        foreach (var report in reports)
        {
            task = WithEvent(task, "progress", report.At,
                JsonSerializer.Serialize(new ProgressData(report.Message, attempt, RawOrNull(report.DataJson)), AabaJson.OmitNulls), rules);
        }
        return task;
    }

    private static TaskState WithEvent(TaskState task, string type, DateTimeOffset at, string dataJson, TaskRules rules)
    {
        var id = task.LastEventId + 1;
        var events = task.Events.Add(new TaskEvent(id, type, at, dataJson));
        if (events.Count > rules.MaxEvents)
        {
            // Keep the first (queued) event and the newest ones.
            events = events.RemoveAt(1);
        }
        return task with { Events = events, LastEventId = id };
    }

    private static TaskUsage? Sum(TaskUsage? a, TaskUsage? b) =>
        (a, b) switch
        {
            (null, _) => b,
            (_, null) => a,
            _ => new TaskUsage(a.PromptTokens + b.PromptTokens, a.CompletionTokens + b.CompletionTokens),
        };

    private static JsonElement? RawOrNull(string? json)
    {
        if (json is null)
        {
            return null;
        }
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private sealed record StatusData(string Status, int Attempt, TaskError? Error, object? Details);

    private sealed record ProgressData(string Message, int Attempt, JsonElement? Data);
}
