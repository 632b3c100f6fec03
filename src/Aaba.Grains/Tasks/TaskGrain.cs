using System.Collections.Immutable;
using System.Text.Json;
using Aaba.Abstractions.Agents;
using Aaba.Abstractions.Tasks;
using Aaba.Grains.Agents;
using Aaba.Grains.Storage;
using Aaba.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace Aaba.Grains.Tasks;

/// <summary>
/// Owns one task: persists every transition before it answers, starts the agent without blocking the caller,
/// takes the agent's outcome and progress back, retries transient failures, and serves status, events and cancel.
/// Not reentrant: every method and timer callback runs one at a time, so state writes never interleave; only
/// <see cref="WaitForEventsAsync"/> interleaves, and it only reads.
/// </summary>
[CollectionAgeLimit(Minutes = 2)]
public sealed partial class TaskGrain(
    [PersistentState("task", AabaStorage.Tasks)] IPersistentState<TaskState> state,
    AgentCatalogCache catalog,
    AgentKindRegistry kinds,
    ITaskIndex index,
    RedisTranscriptStore transcripts,
    AabaMetrics metrics,
    AgentRunner runner,
    IClusterMembershipService membership,
    ILocalSiloDetails localSilo,
    IOptions<TaskOptions> options,
    TimeProvider time,
    ILogger<TaskGrain> logger) : Grain, ITaskGrain
{
    private const int MaxEvents = 1000;
    /// <summary>Progress since the last write is lost with a crash; skipping ids keeps a resuming watcher from missing new events that reuse them.</summary>
    private const long EventIdGapAfterRecovery = 100;
    private static readonly TimeSpan ProgressFlushDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MinTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan FinishedLinger = TimeSpan.FromSeconds(15);

    /// <summary>The attempt this activation has handed to an agent and not yet heard back from (0: none).</summary>
    private int _attemptInFlight;
    private DateTimeOffset _attemptDeadline;
    private IGrainTimer? _dispatchTimer;
    private IGrainTimer? _progressFlushTimer;
    private int _startedAfterQueueAttempt;
    private TaskCompletionSource _eventsChanged = NewSignal();

    private TaskId Id => TaskId.Parse(this.GetPrimaryKeyString());

    private TaskState Stored => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.RecordExists && !Stored.Status.IsTerminal())
        {
            Stored.LastEventId += EventIdGapAfterRecovery;
        }
        return Task.CompletedTask;
    }

    public async Task<TaskSnapshot> StartAsync(TaskSubmission submission)
    {
        if (state.RecordExists)
        {
            if (Stored.Agent == submission.Agent && Stored.InputJson == submission.InputJson &&
                (submission.Timeout is null || submission.Timeout == Stored.Timeout))
            {
                if (Stored.Status == AgentTaskStatus.Queued && Stored.Attempts == 0 && _dispatchTimer is null)
                {
                    // A replay of a submission whose first answer was a 503 (its index write failed after its state
                    // write): index it now and start it, or it would wait for nothing until it expires.
                    await GuardStorageAsync(() => index.AddAsync(Id, Stored.Agent, Stored.CreatedAt));
                    ScheduleDispatch(TimeSpan.Zero);
                }
                return Snapshot();
            }
            throw new TaskConflictException($"Task {Id} already exists with a different submission.");
        }

        var descriptor = await catalog.FindAsync(submission.Agent) ?? throw new UnknownAgentException(submission.Agent);
        var errors = kinds.Get(descriptor.Kind).ValidateInput(submission.InputJson);
        if (submission.Timeout is { } requested && (requested < MinTimeout || requested > TaskSubmission.MaxTimeout))
        {
            errors = errors.Add("timeout_s", [$"Must be between {MinTimeout.TotalSeconds:0} and {TaskSubmission.MaxTimeout.TotalSeconds:0} seconds."]);
        }
        if (errors.Count > 0)
        {
            throw new InvalidTaskInputException(errors);
        }

        var now = time.GetUtcNow();
        state.State = new TaskState
        {
            Agent = submission.Agent,
            InputJson = submission.InputJson,
            Status = AgentTaskStatus.Queued,
            CreatedAt = now,
            Timeout = submission.Timeout ?? descriptor.DefaultTimeout,
            TraceParent = System.Diagnostics.Activity.Current?.Id,
        };
        AppendStatusEvent();
        // Index entry and state in one round trip of latency. Both must succeed before the caller hears "accepted":
        // a stored task that is not indexed could never be recovered, so if either fails the caller gets a 503 (and a
        // half-written task never runs: its dispatch is not scheduled; a lone index entry is swept away).
        var indexed = GuardStorageAsync(() => index.AddAsync(Id, submission.Agent, now));
        var persisted = PersistAsync();
        await Task.WhenAll(indexed, persisted);
        metrics.Submitted(submission.Agent);
        LogAccepted(logger, Id, submission.Agent);
        ScheduleDispatch(TimeSpan.Zero);
        return Snapshot();
    }

    public Task<TaskSnapshot?> GetAsync() => Task.FromResult(IsVisible() ? Snapshot() : null);

    public async Task<string?> GetTranscriptAsync()
    {
        if (!IsVisible())
        {
            return null;
        }
        try
        {
            return await transcripts.GetAsync(Id) ?? "[]";
        }
        catch (Exception exception)
        {
            LogStorageFailed(logger, exception, Id);
            throw new StorageUnavailableException("The transcript store is unavailable; retry shortly.");
        }
    }

    public async Task<TaskEventBatch?> WaitForEventsAsync(long afterId, TimeSpan maxWait)
    {
        if (!IsVisible())
        {
            return null;
        }
        if (!Stored.Status.IsTerminal() && (Stored.Events.Count == 0 || Stored.Events[^1].Id <= afterId))
        {
            try
            {
                await _eventsChanged.Task.WaitAsync(maxWait);
            }
            catch (TimeoutException)
            {
                // Nothing new: the watcher sends a heartbeat and asks again.
            }
        }
        var events = Stored.Events.Where(e => e.Id > afterId).ToImmutableArray();
        return new TaskEventBatch(events, Stored.Status.IsTerminal());
    }

    public async Task<TaskSnapshot?> CancelAsync()
    {
        if (!IsVisible())
        {
            return null;
        }
        switch (Stored.Status)
        {
            case AgentTaskStatus.Cancelled:
                return Snapshot();
            case AgentTaskStatus.Succeeded or AgentTaskStatus.Failed:
                throw new TaskConflictException($"Task {Id} already {Stored.Status.ToWireName()}; only a queued or running task can be cancelled.");
        }
        _dispatchTimer?.Dispose();
        _dispatchTimer = null;
        var attemptToStop = Stored.Status == AgentTaskStatus.Running || IsWaitingInAgent ? Stored.Attempts : 0;
        try
        {
            await FinishAsync(AgentTaskStatus.Cancelled, null, null);
        }
        finally
        {
            // Only once the cancellation is saved (a failed write answers 503 and the run goes on). The runner on this
            // silo cancels the agent's token, which reaches its HTTP calls; a run adopted from another silo cannot be
            // reached from here and finishes unheard (its outcome is ignored).
            if (attemptToStop != 0 && Stored.Status == AgentTaskStatus.Cancelled)
            {
                runner.Cancel(Id, attemptToStop);
            }
        }
        LogCancelled(logger, Id);
        return Snapshot();
    }

    public Task ReportProgressAsync(int attempt, string message, string? dataJson)
    {
        if (!state.RecordExists || Stored.Status != AgentTaskStatus.Running || attempt != Stored.Attempts)
        {
            return Task.CompletedTask;
        }
        AppendEvent("progress", JsonSerializer.Serialize(new ProgressData(message, attempt, RawOrNull(dataJson)), AabaJson.OmitNulls));
        // Progress is written in batches: one write per burst of steps instead of one per step.
        _progressFlushTimer ??= this.RegisterGrainTimer(FlushProgressAsync, new GrainTimerCreationOptions(ProgressFlushDelay, Timeout.InfiniteTimeSpan));
        return Task.CompletedTask;
    }

    public Task ReportQueuedAsync(int attempt, int position)
    {
        // One-way reports may arrive out of order: a "queued" after the same attempt's "started" is stale.
        if (!state.RecordExists || Stored.Status != AgentTaskStatus.Running || attempt != Stored.Attempts || attempt == _startedAfterQueueAttempt)
        {
            return Task.CompletedTask;
        }
        Stored.Status = AgentTaskStatus.Queued;
        Stored.QueuePosition = position;
        AppendStatusEvent(new { queue_position = position });
        _progressFlushTimer ??= this.RegisterGrainTimer(FlushProgressAsync, new GrainTimerCreationOptions(ProgressFlushDelay, Timeout.InfiniteTimeSpan));
        return Task.CompletedTask;
    }

    public async Task ReportStartedAsync(int attempt)
    {
        if (!state.RecordExists || attempt != Stored.Attempts)
        {
            return;
        }
        _startedAfterQueueAttempt = attempt;
        if (!IsWaitingInAgent)
        {
            return;
        }
        Stored.Status = AgentTaskStatus.Running;
        Stored.QueuePosition = null;
        Stored.StartedAt = time.GetUtcNow();
        AppendStatusEvent();
        await PersistAsync();
    }

    public async Task ResumeAsync()
    {
        if (!state.RecordExists)
        {
            // A leftover index entry of a task whose first write failed.
            await GuardStorageAsync(() => index.ForgetUnfinishedAsync(Id));
            return;
        }
        if (Stored.Status.IsTerminal())
        {
            // The task finished but its index update failed: redo it (it also drops the unfinished entry).
            await GuardStorageAsync(() => index.FinishAsync(Id, Stored.Agent, Stored.Status));
            return;
        }
        if (_dispatchTimer is not null)
        {
            return;
        }
        if (_attemptInFlight == Stored.Attempts && time.GetUtcNow() < _attemptDeadline && !IsLocalRunOver())
        {
            return;
        }
        if (_attemptInFlight == 0 && (Stored.Status == AgentTaskStatus.Running || IsWaitingInAgent) && IsCurrentAttemptAlive())
        {
            // A second activation (after a directory partition was lost with a dead silo) while the first one's
            // run goes on: adopt that run instead of starting a duplicate. Its outcome will be reported here.
            _attemptInFlight = Stored.Attempts;
            _attemptDeadline = time.GetUtcNow() + RunWindow;
            DelayDeactivation(RunWindow);
            LogAdopted(logger, Id, Stored.Attempts, Stored.RunningOn);
            return;
        }
        if (Stored.Status == AgentTaskStatus.Running || IsWaitingInAgent)
        {
            Stored.QueuePosition = null;
            if (_attemptInFlight != 0)
            {
                LogAttemptLost(logger, Id, _attemptInFlight);
            }
            else
            {
                LogResuming(logger, Id, Stored.Status, Stored.Attempts);
            }
            Stored.AttemptHistory.Add(new AttemptRecord(Stored.Attempts, Stored.StartedAt, time.GetUtcNow(),
                new TaskError(TaskErrorCodes.Lost, "The run was lost with the silo or process that ran it; the task was started again.")));
        }
        if (_attemptInFlight != 0)
        {
            // Past its window: make sure the old run (if it ignores its token) does not race the new one.
            runner.Cancel(Id, _attemptInFlight);
        }
        _attemptInFlight = 0;
        ScheduleDispatch(TimeSpan.Zero);
    }

    public async Task ReportOutcomeAsync(int attempt, AgentOutcome outcome)
    {
        if (!state.RecordExists || attempt != Stored.Attempts || !(Stored.Status == AgentTaskStatus.Running || IsWaitingInAgent))
        {
            LogStaleOutcome(logger, Id, attempt, Stored.Attempts);
            return;
        }
        if (outcome.TranscriptJson is not null)
        {
            // Written before the terminal state, so a finished task always has its transcript.
            await GuardStorageAsync(() => transcripts.SaveAsync(Id, outcome.TranscriptJson));
        }
        // Looked up before any state changes, so a failure here leaves nothing half-applied for the reporter's retry.
        var retryDelay = outcome.Error is { } failure ? await RetryDelayAsync(failure) : null;
        Stored.Usage = Sum(Stored.Usage, outcome.Usage);
        if (outcome.Error is { } error && retryDelay is { } delay)
        {
            await RetryAsync(error, delay);
            return;
        }
        await FinishAsync(outcome.Error is null ? AgentTaskStatus.Succeeded : AgentTaskStatus.Failed, outcome.ResultJson, outcome.Error);
    }

    /// <summary>How long to wait before retrying after <paramref name="error"/>, or null when the agent's policy says it is final.</summary>
    private async Task<TimeSpan?> RetryDelayAsync(TaskError error)
    {
        var descriptor = await catalog.FindAsync(Stored.Agent);
        var policy = descriptor?.Retry ?? RetryPolicy.None;
        return policy.TransientErrorCodes.Contains(error.Code) && Stored.Attempts < policy.MaxAttempts
            ? policy.DelayBefore(Stored.Attempts + 1, Random.Shared.NextDouble())
            : null;
    }

    private async Task RetryAsync(TaskError error, TimeSpan delay)
    {
        var now = time.GetUtcNow();
        Stored.AttemptHistory.Add(new AttemptRecord(Stored.Attempts, Stored.StartedAt, now, error));
        Stored.Status = AgentTaskStatus.Queued;
        Stored.RunningOn = null;
        Stored.QueuePosition = null;
        AppendStatusEvent(new { retry_in_ms = (long)delay.TotalMilliseconds, error });
        await PersistAsync();
        _attemptInFlight = 0;
        LogRetrying(logger, Id, Stored.Attempts, error.Code, delay.TotalMilliseconds);
        ScheduleDispatch(delay);
    }

    private void ScheduleDispatch(TimeSpan delay)
    {
        // A timer turn of its own, so the caller of StartAsync/ResumeAsync gets its answer first.
        _dispatchTimer = this.RegisterGrainTimer(DispatchAsync, new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan));
    }

    private async Task DispatchAsync(CancellationToken cancellationToken)
    {
        _dispatchTimer?.Dispose();
        _dispatchTimer = null;
        if (!state.RecordExists || Stored.Status.IsTerminal())
        {
            return;
        }
        if (Stored.Attempts >= options.Value.MaxAttempts)
        {
            await FinishAsync(AgentTaskStatus.Failed, null, new TaskError(
                TaskErrorCodes.AttemptsExhausted,
                $"The task was started {Stored.Attempts} times and never finished; giving up."));
            return;
        }

        var descriptor = await catalog.FindAsync(Stored.Agent);
        if (descriptor is null)
        {
            await FinishAsync(AgentTaskStatus.Failed, null, new TaskError(
                TaskErrorCodes.AgentError, $"The agent '{Stored.Agent}' is no longer registered."));
            return;
        }

        var now = time.GetUtcNow();
        Stored.Status = AgentTaskStatus.Running;
        Stored.Attempts++;
        Stored.StartedAt = now;
        Stored.RunningOn = localSilo.SiloAddress.ToParsableString();
        AppendStatusEvent();
        await PersistAsync();

        var attempt = Stored.Attempts;
        _attemptInFlight = attempt;
        metrics.Started(Stored.Agent, attempt, now - Stored.CreatedAt);
        _attemptDeadline = now + RunWindow;
        DelayDeactivation(RunWindow);
        try
        {
            var agent = kinds.Get(descriptor.Kind).GetGrain(GrainFactory, descriptor.Name);
            await agent.StartAsync(new AgentInvocation(Id, descriptor.Name, attempt, Stored.InputJson, Stored.Timeout, Stored.TraceParent));
            LogDispatched(logger, Id, descriptor.Name, attempt);
        }
        catch (Exception exception)
        {
            // Leave the task running in storage; the next sweep retries it with a new attempt.
            _attemptInFlight = 0;
            LogDispatchFailed(logger, exception, Id, attempt);
        }
    }

    private async Task FlushProgressAsync(CancellationToken cancellationToken)
    {
        _progressFlushTimer?.Dispose();
        _progressFlushTimer = null;
        if (state.RecordExists && !Stored.Status.IsTerminal())
        {
            await PersistAsync();
        }
    }

    private async Task FinishAsync(AgentTaskStatus status, string? resultJson, TaskError? error)
    {
        Stored.Status = status;
        Stored.FinishedAt = time.GetUtcNow();
        Stored.ResultJson = resultJson;
        Stored.Error = error;
        Stored.RunningOn = null;
        Stored.QueuePosition = null;
        AppendStatusEvent();
        await PersistAsync();
        _attemptInFlight = 0;
        _progressFlushTimer?.Dispose();
        _progressFlushTimer = null;
        metrics.Finished(Stored.Agent, status, error?.Code, Stored.FinishedAt.Value - Stored.CreatedAt);
        // A finished task is read a few times right after it ends, then rarely: let its activation go soon rather
        // than after the 2-minute idle age, so a busy silo holds seconds' worth of tasks, not minutes'.
        this.RegisterGrainTimer(_ => { DeactivateOnIdle(); return Task.CompletedTask; },
            new GrainTimerCreationOptions(FinishedLinger, Timeout.InfiniteTimeSpan));
        LogFinished(logger, Id, status, Stored.Attempts, error?.Code);
        // If this fails the unfinished entry stays; the sweep will find the task finished and remove it then.
        await GuardStorageAsync(() => index.FinishAsync(Id, Stored.Agent, status));
    }

    /// <summary>Dispatched, but held in the agent's queue: reads <c>queued</c>, yet an attempt is in flight.</summary>
    private bool IsWaitingInAgent => Stored.Status == AgentTaskStatus.Queued && Stored.QueuePosition is not null;

    private void AppendStatusEvent(object? extra = null) =>
        AppendEvent("status", JsonSerializer.Serialize(new StatusData(
            Stored.Status.ToWireName(), Stored.Attempts, Stored.Error, extra), AabaJson.OmitNulls));

    private void AppendEvent(string type, string dataJson)
    {
        Stored.Events.Add(new TaskEvent(++Stored.LastEventId, type, time.GetUtcNow(), dataJson));
        if (Stored.Events.Count > MaxEvents)
        {
            // Keep the first (queued) event and the newest ones.
            Stored.Events.RemoveAt(1);
        }
        var changed = _eventsChanged;
        _eventsChanged = NewSignal();
        changed.TrySetResult();
    }

    /// <summary>
    /// The agent enforces the run timeout itself; past this window (plus slack for the report to arrive)
    /// the next sweep treats the attempt as lost and starts another.
    /// </summary>
    private TimeSpan RunWindow => Stored.Timeout + TimeSpan.FromMinutes(1);

    /// <summary>
    /// Whether the current attempt may still be running: on this silo we know for sure (the runner tracks its runs);
    /// elsewhere we trust a silo that membership still lists as active. Agents run on the silo that dispatched them
    /// (stateless workers are local), so a dead silo means a lost run.
    /// </summary>
    /// <summary>This silo ran the attempt, and its runner no longer has it: the outcome report was lost.</summary>
    private bool IsLocalRunOver() =>
        Stored.RunningOn is { } silo && SiloAddress.FromParsableString(silo).Equals(localSilo.SiloAddress) &&
        !runner.IsRunning(Id, Stored.Attempts);

    private bool IsCurrentAttemptAlive()
    {
        if (Stored.RunningOn is null)
        {
            return false;
        }
        var silo = SiloAddress.FromParsableString(Stored.RunningOn);
        return silo.Equals(localSilo.SiloAddress)
            ? runner.IsRunning(Id, Stored.Attempts)
            : membership.CurrentSnapshot.GetSiloStatus(silo) == SiloStatus.Active;
    }

    private bool IsVisible() =>
        state.RecordExists &&
        !(Stored.FinishedAt is { } finishedAt && time.GetUtcNow() - finishedAt > options.Value.Retention);

    private TaskSnapshot Snapshot() => new(
        Id, Stored.Agent, Stored.Status, Stored.InputJson, Stored.CreatedAt, Stored.StartedAt, Stored.FinishedAt,
        Stored.Attempts, Stored.ResultJson, Stored.Error, Stored.Usage, [.. Stored.AttemptHistory], Stored.Timeout,
        Stored.QueuePosition);

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

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task PersistAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch (InconsistentStateException)
        {
            // Someone else wrote this task; our in-memory copy is stale. Reload on the next activation.
            DeactivateOnIdle();
            throw new TaskConflictException($"Task {Id} was changed concurrently; retry.");
        }
        catch (Exception exception)
        {
            // A failed write leaves the in-memory state ahead of storage: drop this activation so the next call re-reads.
            DeactivateOnIdle();
            LogStorageFailed(logger, exception, Id);
            throw new StorageUnavailableException("Task storage is unavailable; the change was not saved.");
        }
    }

    private async Task GuardStorageAsync(Func<Task> operation)
    {
        try
        {
            await operation();
        }
        catch (Exception exception)
        {
            LogStorageFailed(logger, exception, Id);
            throw new StorageUnavailableException("Task storage is unavailable; the change was not saved.");
        }
    }

    private sealed record StatusData(string Status, int Attempt, TaskError? Error, object? Details);

    private sealed record ProgressData(string Message, int Attempt, JsonElement? Data);
}
