using System.Collections.Immutable;
using System.Text.Json;
using Aaba.Abstractions.Agents;
using Aaba.Abstractions.Tasks;
using Aaba.Grains.Agents;
using Aaba.Grains.Storage;
using Aaba.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aaba.Grains.Tasks;

/// <summary>
/// Owns one task: persists every transition before it answers, starts the agent without blocking the caller,
/// takes the agent's outcome and progress back, retries transient failures, and serves status, events and cancel.
/// Not reentrant: every method and timer callback runs one at a time, so state writes never interleave. The two
/// watcher calls (<see cref="WaitForEventsAsync"/>, <see cref="WaitAsync"/>) interleave; they only read, and show
/// status changes only once written. The first hand-over to the agent completes in the background.
/// A task normally costs two writes, each one round trip with its index entries (<see cref="RedisTaskStore"/>):
/// created already handed to its agent, and finished. A new task's activation does not read storage first.
/// </summary>
[CollectionAgeLimit(Minutes = 2)]
public sealed partial class TaskGrain(
    RedisTaskStore store,
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

    /// <summary>The attempt this activation has handed to an agent and not yet heard back from (0: none).</summary>
    private int _attemptInFlight;
    private DateTimeOffset _attemptDeadline;
    private IGrainTimer? _dispatchTimer;
    private IGrainTimer? _progressFlushTimer;
    private int _startedAfterQueueAttempt;
    private TaskCompletionSource _eventsChanged = NewSignal();

    /// <summary>The task as stored, with changes not yet written; null when there is none (or it is not read yet).</summary>
    private TaskState? _stored;

    /// <summary>The version storage holds for this task, which the next write must find (0: none).</summary>
    private long _version;

    /// <summary>
    /// Settles what this activation knows of storage: the first read, or the create of a new task (which needs no read).
    /// Null until a call needs it, and again after a failed read or write.
    /// </summary>
    private Task? _ready;

    /// <summary>The first attempt's hand-over to the agent, which StartAsync does not wait for (it never throws).</summary>
    private Task _handOver = Task.CompletedTask;

    /// <summary>The last write, so a long-poll that interleaves with it can wait for it to land.</summary>
    private Task _writing = Task.CompletedTask;

    /// <summary>
    /// Watchers see events up to this id: status changes once written; progress, and a wait in the agent's queue,
    /// at once (written in batches).
    /// </summary>
    private long _publishedEventId;

    private TaskId Id => TaskId.Parse(this.GetPrimaryKeyString());

    private TaskState Stored => _stored ?? throw new InvalidOperationException("The task is not loaded.");

    private bool Exists => _stored is not null;

    public async Task<TaskSnapshot> StartAsync(TaskSubmission submission)
    {
        if (_ready is not null)
        {
            await ReadyAsync();
        }
        if (!Exists)
        {
            var descriptor = await ValidateForReplayOrNewAsync(submission);
            if (descriptor is null)
            {
                return ReplayOf(submission);
            }
            if (await CreateAsync(submission, descriptor))
            {
                return Snapshot();
            }
            // It existed already (a replay reaching a new activation); this activation now holds the stored task.
        }
        return ReplayOf(submission);
    }

    private TaskSnapshot ReplayOf(TaskSubmission submission) =>
        Stored.Agent == submission.Agent && Stored.InputJson == submission.InputJson &&
        (submission.Timeout is null || submission.Timeout == Stored.Timeout)
            ? Snapshot()
            : throw new TaskConflictException($"Task {Id} already exists with a different submission.");

    /// <summary>
    /// The agent for a new task, or null when the request is rejected but the task exists already: a replay is
    /// answered with its task even if the agent or its input rules changed since. A rejection costs one read.
    /// </summary>
    private async Task<AgentDescriptor?> ValidateForReplayOrNewAsync(TaskSubmission submission)
    {
        try
        {
            return await ValidateAsync(submission);
        }
        catch (Exception exception) when (exception is UnknownAgentException or InvalidTaskInputException && _ready is null)
        {
            await ReadyAsync();
            if (Exists)
            {
                return null;
            }
            throw;
        }
    }

    private async Task<AgentDescriptor> ValidateAsync(TaskSubmission submission)
    {
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
        return descriptor;
    }

    /// <summary>
    /// Stores the new task, indexed and already handed to its agent ("queued" and "running" in one write), then hands
    /// it over. A crash before the agent has it is a lost attempt like any other: the sweep starts attempt 2.
    /// Returns false when the task already existed; then nothing was written and this activation holds the stored one.
    /// </summary>
    private async Task<bool> CreateAsync(TaskSubmission submission, AgentDescriptor descriptor)
    {
        var now = time.GetUtcNow();
        var task = new TaskState
        {
            Agent = submission.Agent,
            InputJson = submission.InputJson,
            Status = AgentTaskStatus.Queued,
            CreatedAt = now,
            Timeout = submission.Timeout ?? descriptor.DefaultTimeout,
            TraceParent = System.Diagnostics.Activity.Current?.Id,
        };
        AddStatusEvent(task, now);
        task.Status = AgentTaskStatus.Running;
        task.Attempts = 1;
        task.StartedAt = now;
        task.RunningOn = localSilo.SiloAddress.ToParsableString();
        AddStatusEvent(task, now);

        var creation = store.CreateAsync(Id, task);
        // A watcher arriving meanwhile waits for this instead of reading.
        _ready ??= creation;
        StoredTask? existing;
        try
        {
            existing = await creation;
        }
        catch (Exception exception)
        {
            // The create may have landed (a lost reply): whatever this activation read before, read again next time.
            _ready = null;
            LogStorageFailed(logger, exception, Id);
            throw new StorageUnavailableException("Task storage is unavailable; the task was not accepted.");
        }
        if (existing is not null)
        {
            Adopt(existing);
            return false;
        }
        _stored = task;
        _version = 1;
        PublishEvents();
        metrics.Submitted(submission.Agent);
        metrics.Started(submission.Agent, 1, TimeSpan.Zero);
        LogAccepted(logger, Id, submission.Agent);
        // Not awaited: the caller has its answer while the agent takes the task (cancel and the sweep wait for it).
        _handOver = HandToAgentAsync(descriptor, 1);
        return true;
    }

    /// <summary>Reads the task once, on the first call that needs it; a failed read is tried again by the next call.</summary>
    private async Task ReadyAsync()
    {
        var ready = _ready ??= ReadAsync();
        try
        {
            await ready;
        }
        catch
        {
            // Compared, not just cleared: a read that fails at once has failed before it was stored in _ready.
            if (_ready == ready)
            {
                _ready = null;
            }
            throw;
        }
    }

    private async Task ReadAsync()
    {
        StoredTask? record;
        try
        {
            record = await store.ReadAsync(Id);
        }
        catch (Exception exception)
        {
            LogStorageFailed(logger, exception, Id);
            throw new StorageUnavailableException("Task storage is unavailable; retry shortly.");
        }
        if (record is not null)
        {
            Adopt(record);
        }
    }

    /// <summary>Takes the stored task, unless this activation already holds that version or a newer one.</summary>
    private void Adopt(StoredTask record)
    {
        if (record.Version <= _version)
        {
            return;
        }
        _stored = record.State;
        _version = record.Version;
        if (!Stored.Status.IsTerminal())
        {
            // Past anything this activation showed before a failed write made it read again, too.
            Stored.LastEventId = Math.Max(Stored.LastEventId, _publishedEventId) + EventIdGapAfterRecovery;
        }
        _publishedEventId = Stored.LastEventId;
    }

    public async Task<TaskSnapshot?> GetAsync()
    {
        await ReadyAsync();
        return IsVisible() ? Snapshot() : null;
    }

    public async Task<string?> GetTranscriptAsync()
    {
        await ReadyAsync();
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
        await ReadyAsync();
        if (!IsVisible())
        {
            return null;
        }
        if (!IsFinishPublished() && _publishedEventId <= afterId)
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
        if (!Exists)
        {
            // A write failed while this watcher waited; the next call reads storage again.
            return new TaskEventBatch([], Finished: false);
        }
        var published = _publishedEventId;
        var events = Stored.Events.Where(e => e.Id > afterId && e.Id <= published).ToImmutableArray();
        return new TaskEventBatch(events, IsFinishPublished());
    }

    public async Task<TaskSnapshot?> WaitAsync(TimeSpan maxWait)
    {
        var deadline = time.GetUtcNow() + maxWait;
        while (true)
        {
            // Read again if a failed write made this activation forget the task while we waited.
            await ReadyAsync();
            var left = deadline - time.GetUtcNow();
            if (!IsVisible() || IsFinishPublished() || left <= TimeSpan.Zero)
            {
                break;
            }
            try
            {
                await _eventsChanged.Task.WaitAsync(left, time);
            }
            catch (TimeoutException)
            {
                // Still unfinished: the caller gets the task as it stands.
            }
        }
        // A change being written is shown once it is written.
        await _writing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        await ReadyAsync();
        return IsVisible() ? Snapshot() : null;
    }

    /// <summary>The task has finished and that is written (so watchers may be told).</summary>
    private bool IsFinishPublished() => Stored.Status.IsTerminal() && _publishedEventId >= Stored.LastEventId;

    public async Task<TaskSnapshot?> CancelAsync()
    {
        await ReadyAsync();
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
        // The runner must know the run before it can cancel it.
        await _handOver;
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
            if (attemptToStop != 0 && Exists && Stored.Status == AgentTaskStatus.Cancelled)
            {
                runner.Cancel(Id, attemptToStop);
            }
        }
        LogCancelled(logger, Id);
        return Snapshot();
    }

    public async Task ReportProgressAsync(int attempt, IReadOnlyList<ProgressReport> reports)
    {
        await ReadyAsync();
        if (!Exists || Stored.Status != AgentTaskStatus.Running || attempt != Stored.Attempts)
        {
            return;
        }
        AppendProgress(attempt, reports);
        PublishBeforeWriting();
    }

    private void AppendProgress(int attempt, IReadOnlyList<ProgressReport> reports)
    {
        foreach (var report in reports)
        {
            AddEvent(Stored, "progress", report.At,
                JsonSerializer.Serialize(new ProgressData(report.Message, attempt, RawOrNull(report.DataJson)), AabaJson.OmitNulls));
        }
    }

    public async Task ReportQueuedAsync(int attempt, int position)
    {
        await ReadyAsync();
        // One-way reports may arrive out of order: a "queued" after the same attempt's "started" is stale.
        if (!Exists || Stored.Status != AgentTaskStatus.Running || attempt != Stored.Attempts || attempt == _startedAfterQueueAttempt)
        {
            return;
        }
        Stored.Status = AgentTaskStatus.Queued;
        Stored.QueuePosition = position;
        AppendStatusEvent(new { queue_position = position });
        PublishBeforeWriting();
    }

    /// <summary>
    /// Progress (and a wait in the agent's queue) is shown at once but written in batches: one write per burst of
    /// steps instead of one per step. A crash loses at most the unwritten tail, and event ids then skip ahead.
    /// </summary>
    private void PublishBeforeWriting()
    {
        PublishEvents();
        _progressFlushTimer ??= this.RegisterGrainTimer(FlushProgressAsync, new GrainTimerCreationOptions(ProgressFlushDelay, Timeout.InfiniteTimeSpan));
    }

    public async Task ReportStartedAsync(int attempt)
    {
        await ReadyAsync();
        if (!Exists || attempt != Stored.Attempts)
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
        await ReadyAsync();
        if (!Exists)
        {
            // The task's record expired while it was unfinished (its index entry outlived it).
            await GuardStorageAsync(() => index.ForgetUnfinishedAsync(Id));
            return;
        }
        if (Stored.Status.IsTerminal())
        {
            // It finished after the sweep listed it (a finish and its index change are one write).
            return;
        }
        if (_dispatchTimer is not null || !_handOver.IsCompleted)
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
        await ReadyAsync();
        if (!Exists || attempt != Stored.Attempts || !(Stored.Status == AgentTaskStatus.Running || IsWaitingInAgent))
        {
            LogStaleOutcome(logger, Id, attempt, _stored?.Attempts ?? 0);
            return;
        }
        if (outcome.TranscriptJson is not null)
        {
            // Written before the terminal state, so a finished task always has its transcript.
            await GuardStorageAsync(() => transcripts.SaveAsync(Id, outcome.TranscriptJson));
        }
        // Looked up before any state changes, so a failure here leaves nothing half-applied for the reporter's retry.
        var retryDelay = outcome.Error is { } failure ? await RetryDelayAsync(failure) : null;
        // Steps the run had not sent yet come before its end (written with it).
        if (outcome.Progress is { Count: > 0 } progress)
        {
            AppendProgress(attempt, progress);
        }
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
        await ReadyAsync();
        if (!Exists || Stored.Status.IsTerminal())
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
        metrics.Started(Stored.Agent, Stored.Attempts, now - Stored.CreatedAt);
        await HandToAgentAsync(descriptor, Stored.Attempts);
    }

    /// <summary>
    /// Gives the attempt (already written as running) to the agent's grain, a local stateless worker that starts the
    /// run and returns. Never throws: if the hand-over fails, the task stays running in storage without a run, and
    /// the next sweep starts another attempt.
    /// </summary>
    private async Task HandToAgentAsync(AgentDescriptor descriptor, int attempt)
    {
        _attemptInFlight = attempt;
        _attemptDeadline = time.GetUtcNow() + RunWindow;
        DelayDeactivation(RunWindow);
        try
        {
            var agent = kinds.Get(descriptor.Kind).GetGrain(GrainFactory, descriptor.Name);
            await agent.StartAsync(new AgentInvocation(Id, descriptor.Name, attempt, Stored.InputJson, Stored.Timeout, Stored.TraceParent));
            LogDispatched(logger, Id, descriptor.Name, attempt);
        }
        catch (Exception exception)
        {
            if (_attemptInFlight == attempt)
            {
                _attemptInFlight = 0;
            }
            LogDispatchFailed(logger, exception, Id, attempt);
        }
    }

    private async Task FlushProgressAsync(CancellationToken cancellationToken)
    {
        _progressFlushTimer?.Dispose();
        _progressFlushTimer = null;
        if (Exists && !Stored.Status.IsTerminal())
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
        await PersistAsync(finishing: true);
        _attemptInFlight = 0;
        _progressFlushTimer?.Dispose();
        _progressFlushTimer = null;
        metrics.Finished(Stored.Agent, status, error?.Code, Stored.FinishedAt!.Value - Stored.CreatedAt);
        LogFinished(logger, Id, status, Stored.Attempts, error?.Code);
        // Its watchers have their answer; a later read costs one GET. Leaving now rather than after the 2-minute idle
        // age keeps a busy silo's memory to its unfinished tasks.
        DeactivateOnIdle();
    }

    /// <summary>Dispatched, but held in the agent's queue: reads <c>queued</c>, yet an attempt is in flight.</summary>
    private bool IsWaitingInAgent => Stored.Status == AgentTaskStatus.Queued && Stored.QueuePosition is not null;

    private void AppendStatusEvent(object? extra = null) => AddStatusEvent(Stored, time.GetUtcNow(), extra);

    private static void AddStatusEvent(TaskState task, DateTimeOffset at, object? extra = null) =>
        AddEvent(task, "status", at, JsonSerializer.Serialize(new StatusData(
            task.Status.ToWireName(), task.Attempts, task.Error, extra), AabaJson.OmitNulls));

    private static void AddEvent(TaskState task, string type, DateTimeOffset at, string dataJson)
    {
        task.Events.Add(new TaskEvent(++task.LastEventId, type, at, dataJson));
        if (task.Events.Count > MaxEvents)
        {
            // Keep the first (queued) event and the newest ones.
            task.Events.RemoveAt(1);
        }
    }

    /// <summary>Shows watchers every event appended so far.</summary>
    private void PublishEvents()
    {
        _publishedEventId = Stored.LastEventId;
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
        Exists &&
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

    /// <summary>Writes the task (with its index change when <paramref name="finishing"/>), then shows its new events to watchers.</summary>
    private async Task PersistAsync(bool finishing = false)
    {
        long? written;
        try
        {
            var write = finishing ? store.FinishAsync(Id, Stored, _version) : store.UpdateAsync(Id, Stored, _version);
            _writing = write;
            written = await write;
        }
        catch (Exception exception)
        {
            Forget();
            LogStorageFailed(logger, exception, Id);
            throw new StorageUnavailableException("Task storage is unavailable; the change was not saved.");
        }
        if (written is not { } version)
        {
            // Another activation wrote this task (two can briefly exist after a silo is lost): this one is stale.
            Forget();
            DeactivateOnIdle();
            throw new TaskConflictException($"Task {Id} was changed concurrently; retry.");
        }
        _version = version;
        PublishEvents();
    }

    /// <summary>After a failed write this copy is ahead of storage: drop it, so the next call reads what storage holds.</summary>
    private void Forget()
    {
        _stored = null;
        _version = 0;
        _ready = null;
        var changed = _eventsChanged;
        _eventsChanged = NewSignal();
        changed.TrySetResult();
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
