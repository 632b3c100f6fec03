using System.Diagnostics;
using Aaba.Abstractions.Agents;
using Aaba.Abstractions.Security;
using Aaba.Abstractions.Tasks;
using Aaba.Grains.Agents;
using Aaba.Grains.Storage;
using Aaba.Grains.Telemetry;
using Aaba.Grains.Tenancy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aaba.Grains.Tasks;

/// <summary>
/// One task's activation: a thin shell over <see cref="TaskMachine"/> (the rules), <see cref="RedisTaskStore"/> (its
/// record and lease), <see cref="TaskEventLog"/> (what its watchers have seen) and <see cref="AttemptSupervisor"/> (its
/// runs). Every change is decided by the machine, written, and only then shown to watchers and acted on.
/// Not reentrant: calls and timer callbacks run one at a time, so writes never interleave. The two watcher calls
/// (<see cref="WaitForEventsAsync"/>, <see cref="WaitAsync"/>) interleave; they only read. A new task's activation
/// does not read storage; an unknown one leaves memory as soon as it has answered, so requests that create nothing
/// hold nothing. A task belongs to its submission's tenant: a client call from another tenant is answered as for a
/// task that does not exist, and an activation that only such calls woke leaves at once too.
/// </summary>
[CollectionAgeLimit(Minutes = 2)]
public sealed partial class TaskGrain(
    RedisTaskStore store,
    IWriteDurability durability,
    RedisTranscriptStore transcripts,
    TaskSubmissionValidator validator,
    Webhooks.CompletionWebhooks callbacks,
    AttemptSupervisor attempts,
    AgentCatalogCache catalog,
    SiloDrain drain,
    FinishedTaskDepartures departures,
    AabaMetrics metrics,
    IOptions<TaskOptions> options,
    IOptions<TenantLimitsOptions> tenantLimits,
    TimeProvider time,
    ILogger<TaskGrain> logger) : Grain, ITaskGrain, ITaskRunGrain
{
    private static readonly TimeSpan ProgressFlushDelay = TimeSpan.FromMilliseconds(500);

    private readonly TaskEventLog _events = new();
    private readonly TaskRules _rules = TaskRules.From(options.Value);

    /// <summary>The task as stored plus progress not written yet; null when there is none (or it is not read yet).</summary>
    private TaskState? _task;

    /// <summary>The version storage holds, which the next write must find (0: none).</summary>
    private long _version;

    /// <summary>Progress is shown but not yet written (the flush timer or the next write takes it).</summary>
    private bool _unwritten;

    /// <summary>What this activation knows of storage: the first read, or the create of a new task. Null until needed, and after a failed read or write.</summary>
    private Task? _loaded;

    /// <summary>The latest hand-over of an attempt to its agent, which callers do not wait for.</summary>
    private Task _handOver = Task.CompletedTask;

    /// <summary>The latest write, so a long-poll that interleaves with it shows its result.</summary>
    private Task _writing = Task.CompletedTask;

    private IGrainTimer? _nextAttemptTimer;
    private IGrainTimer? _flushTimer;

    /// <summary>This activation is in the queue of finished tasks that leave memory.</summary>
    private bool _leaving;

    /// <summary>The attempt whose start after queueing was reported: one-way reports may overtake each other.</summary>
    private int _startedAfterQueue;

    /// <summary>Its owner, its runs or recovery called this activation: it has reason to stay (another tenant's calls are no reason).</summary>
    private bool _ownerSeen;

    private TaskId Id => TaskId.Parse(this.GetPrimaryKeyString());

    private string Silo => attempts.Silo;

    public async Task<TaskSnapshot> StartAsync(TaskSubmission submission)
    {
        _ownerSeen = true;
        if (_loaded is not null)
        {
            await LoadAsync();
        }
        if (_task is null)
        {
            AgentDescriptor agent;
            try
            {
                agent = await validator.ValidateAsync(submission);
            }
            catch (Exception exception) when (exception is UnknownAgentException or InvalidTaskInputException)
            {
                // A replay is answered with its task even if the agent or its rules changed since: a rejection costs one read.
                await LoadAsync();
                if (_task is null)
                {
                    DeactivateOnIdle();
                    throw;
                }
                return ReplayOf(submission);
            }
            if (await CreateAsync(submission, agent))
            {
                return Snapshot(_task!);
            }
        }
        return ReplayOf(submission);
    }

    private TaskSnapshot ReplayOf(TaskSubmission submission)
    {
        var task = _task!;
        return task.Tenant == submission.Tenant && task.Agent == submission.Agent && task.InputJson == submission.InputJson &&
               (submission.Timeout is null || submission.Timeout == task.Timeout)
            ? Snapshot(task)
            : throw new TaskConflictException($"Task {Id} already exists with a different submission.");
    }

    /// <summary>
    /// Writes the new task, leased and already handed to its agent, then hands it over without waiting. Returns false
    /// when it existed already (nothing written; this activation now holds the stored one).
    /// </summary>
    /// <exception cref="TenantTaskLimitException">The tenant has as many tasks in flight as it may; nothing was written.</exception>
    private async Task<bool> CreateAsync(TaskSubmission submission, AgentDescriptor agent)
    {
        var decision = TaskMachine.Decide(null, new TaskCommand.Submit(submission, agent, Silo, Activity.Current?.Id, Id.CreatedAt), _rules, time.GetUtcNow());
        var limit = tenantLimits.Value.For(submission.Tenant).MaxTasksInFlight;
        var creation = store.CreateAsync(Id, decision.Task, decision.LeaseUntil!.Value, limit);
        // A watcher arriving meanwhile waits for this instead of reading.
        _loaded ??= creation;
        StoredTask? existing;
        try
        {
            var outcome = await creation;
            if (outcome.OverLimit)
            {
                _loaded = null;
                DeactivateOnIdle();
                LogTenantLimit(logger, Id, submission.Tenant.Name, limit!.Value);
                throw new TenantTaskLimitException(limit.Value);
            }
            existing = outcome.Existing;
        }
        catch (TenantTaskLimitException)
        {
            throw;
        }
        catch (Exception exception)
        {
            _loaded = null;
            LogStorageFailed(logger, exception, Id);
            if (RedisTaskStore.NeverSent(exception))
            {
                throw new StorageUnavailableException("Task storage is unavailable; the task was not accepted.");
            }
            existing = await FindOutAfterFailedCreateAsync();
            if (existing is not { Version: 1 } landed || landed.State.CreatedAt != decision.Task.CreatedAt || landed.State.RunningOn != Silo)
            {
                Adopt(existing);
                return false;
            }
            // Our write landed and only its reply was lost: the task is accepted.
            existing = null;
        }
        if (existing is not null)
        {
            Adopt(existing);
            return false;
        }
        // The 202 promises the task is on disk (the embedded store commits just after it replies).
        await durability.WaitUntilDurableAsync();
        _task = decision.Task;
        _version = 1;
        _loaded = Task.CompletedTask;
        _events.Publish(_task);
        metrics.Submitted(agent.Name);
        metrics.Started(agent.Name, 1, TimeSpan.Zero);
        LogAccepted(logger, Id, agent.Name);
        _handOver = HandToAgentAsync(_task, 1);
        return true;
    }

    /// <summary>After a create whose reply never came: what storage holds, or why nobody can tell.</summary>
    private async Task<StoredTask?> FindOutAfterFailedCreateAsync()
    {
        StoredTask? landed;
        try
        {
            landed = await store.ReadAsync(Id);
        }
        catch (Exception exception)
        {
            LogStorageFailed(logger, exception, Id);
            throw new TaskOutcomeUnknownException(Id,
                $"The task store stopped answering while task {Id} was being written: it may or may not have been accepted. " +
                $"Read it at /agents/status/{Id}, or send the request again with the same Idempotency-Key.");
        }
        return landed ?? throw new StorageUnavailableException("Task storage is unavailable; the task was not accepted.");
    }

    public async Task<TaskSnapshot?> GetAsync(TenantId tenant) => await LoadVisibleAsync(tenant) is { } task ? Snapshot(task) : null;

    public async Task<string?> GetTranscriptAsync(TenantId tenant)
    {
        if (await LoadVisibleAsync(tenant) is null)
        {
            return null;
        }
        return await GuardStorageAsync(() => transcripts.GetAsync(Id), "The transcript store is unavailable; retry shortly.");
    }

    public async Task<TaskEventBatch?> WaitForEventsAsync(TenantId tenant, long afterId, TimeSpan maxWait)
    {
        if (await LoadVisibleAsync(tenant) is not { } task)
        {
            return null;
        }
        if (!_events.IsFinishPublished(task) && _events.PublishedId <= afterId)
        {
            await _events.WaitForChangeAsync(maxWait, time);
        }
        // After a failed write this activation forgot the task while we waited; the next call reads it again.
        return _task is { } now
            ? new TaskEventBatch(_events.After(now, afterId), _events.IsFinishPublished(now))
            : new TaskEventBatch([], Finished: false);
    }

    public async Task<TaskSnapshot?> WaitAsync(TenantId tenant, TimeSpan maxWait)
    {
        var deadline = time.GetUtcNow() + maxWait;
        while (true)
        {
            var task = await LoadVisibleAsync(tenant);
            var left = deadline - time.GetUtcNow();
            if (task is null || _events.IsFinishPublished(task) || left <= TimeSpan.Zero)
            {
                break;
            }
            await _events.WaitForChangeAsync(left, time);
        }
        // A change being written is shown once it is written.
        await _writing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        return await LoadVisibleAsync(tenant) is { } current ? Snapshot(current) : null;
    }

    public async Task<TaskSnapshot?> CancelAsync(TenantId tenant)
    {
        if (await LoadVisibleAsync(tenant) is null)
        {
            return null;
        }
        StopTimer(ref _nextAttemptTimer);
        // A run must be with its agent before it can be stopped.
        await _handOver;
        var decision = await ApplyAsync(new TaskCommand.Cancel());
        if (decision.Transition == TaskTransition.Finished)
        {
            LogCancelled(logger, Id);
        }
        return Snapshot(decision.Task);
    }

    public async Task ReportProgressAsync(int attempt, IReadOnlyList<ProgressReport> reports)
    {
        if (await LoadExistingAsync())
        {
            await ApplyAsync(new TaskCommand.Progressed(attempt, reports));
        }
    }

    public async Task ReportQueuedAsync(int attempt, int position)
    {
        if (_startedAfterQueue != attempt && await LoadExistingAsync())
        {
            await ApplyAsync(new TaskCommand.Queued(attempt, position));
        }
    }

    public async Task ReportStartedAsync(int attempt)
    {
        _startedAfterQueue = attempt;
        if (await LoadExistingAsync())
        {
            await ApplyAsync(new TaskCommand.Started(attempt));
        }
    }

    public async Task ReportOutcomeAsync(int attempt, AgentOutcome outcome)
    {
        if (!await LoadExistingAsync() || attempt != _task!.Attempts || !_task.HasAttemptInFlight)
        {
            LogStaleOutcome(logger, Id, attempt, _task?.Attempts ?? 0);
            return;
        }
        if (outcome.TranscriptJson is { } transcript)
        {
            // Before the terminal write, so a finished task always has its transcript.
            await GuardStorageAsync(async () =>
            {
                await transcripts.SaveAsync(Id, attempt, transcript);
                return true;
            }, "The transcript could not be saved; the outcome was not recorded.");
        }
        var retry = (await catalog.FindAsync(_task.Agent))?.Retry ?? RetryPolicy.None;
        await ApplyAsync(new TaskCommand.Finished(attempt, outcome, retry, Random.Shared.NextDouble()));
    }

    public async Task ReportCallbackAsync(WebhookDelivery delivery)
    {
        if (await LoadExistingAsync())
        {
            await ApplyAsync(callbacks.Outcome(delivery, _task!));
        }
    }

    public async Task HandBackAsync(int attempt)
    {
        if (await LoadExistingAsync())
        {
            await ApplyAsync(new TaskCommand.HandBack(attempt));
        }
        // Its next attempt starts on whichever silo activates it next, not on this stopping one.
        DeactivateOnIdle();
    }

    public async Task ResumeAsync()
    {
        _ownerSeen = true;
        await LoadAsync();
        if (_task is not { } task)
        {
            // Only finished records expire, and a finish leaves the unfinished set in the same write: this is data loss.
            LogRecordMissing(logger, Id);
            metrics.RecordMissing();
            await GuardStorageAsync(async () =>
            {
                await store.ForgetUnfinishedAsync(Id);
                return true;
            }, "Task storage is unavailable.");
            DeactivateOnIdle();
            return;
        }
        if (task.Status.IsTerminal())
        {
            // Only a finished task whose completion webhook is still due has a lease: send it.
            if (task.Callback is { Status: TaskCallback.Pending } && !drain.IsDraining)
            {
                await ApplyAsync(new TaskCommand.CallbackDue());
            }
            return;
        }
        if (drain.IsDraining || _nextAttemptTimer is not null)
        {
            // Stopping: give the lease up at once, so a live silo takes the task. Waiting for a retry: it is in hand.
            await RenewLeaseAsync(drain.IsDraining ? time.GetUtcNow() : time.GetUtcNow() + _rules.LeaseDuration);
            if (drain.IsDraining)
            {
                DeactivateOnIdle();
            }
            return;
        }
        await _handOver;
        var alive = await attempts.IsAliveAsync(Id, task);
        await ApplyAsync(new TaskCommand.LeaseExpired(alive, await catalog.FindAsync(task.Agent), Silo));
    }

    /// <summary>Decides, writes, shows watchers, then acts: the one path every change takes.</summary>
    private async Task<TaskDecision> ApplyAsync(TaskCommand command)
    {
        var decision = TaskMachine.Decide(_task, command, _rules, time.GetUtcNow());
        switch (decision.Write)
        {
            case TaskWrite.Later:
                _task = decision.Task;
                _unwritten = true;
                _events.Publish(_task);
                _flushTimer ??= this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions(ProgressFlushDelay, Timeout.InfiniteTimeSpan));
                break;
            case TaskWrite.Lease:
                await RenewLeaseAsync(decision.LeaseUntil!.Value);
                break;
            case TaskWrite.Update or TaskWrite.Finish or TaskWrite.AfterFinish:
                await PersistAsync(decision.Task, decision.Write, decision.LeaseUntil);
                break;
            case TaskWrite.Create:
                throw new InvalidOperationException("A task is created only by StartAsync.");
        }
        Observe(decision);
        foreach (var effect in decision.Effects)
        {
            await PerformAsync(effect, decision.Task);
        }
        if (decision.Write is TaskWrite.Finish or TaskWrite.AfterFinish)
        {
            StopTimer(ref _nextAttemptTimer);
            StopTimer(ref _flushTimer);
            LeaveWhenFinished();
        }
        return decision;
    }

    /// <summary>A finished task leaves memory <see cref="TaskOptions.FinishedInMemory"/> after it finished or was read.</summary>
    private void LeaveWhenFinished()
    {
        if (!_leaving && _task is { } task && task.Status.IsTerminal())
        {
            _leaving = true;
            departures.Leave(GrainContext);
        }
    }

    private async Task PerformAsync(TaskEffect effect, TaskState task)
    {
        switch (effect)
        {
            case TaskEffect.HandToAgent handTo:
                // Not awaited: callers get their answer while the agent takes the task (cancel and recovery wait for it).
                _handOver = HandToAgentAsync(task, handTo.Attempt);
                break;
            case TaskEffect.StopRun stop:
                await StopRunAsync(task, stop.Attempt);
                break;
            case TaskEffect.DeliverCallback deliver:
                // Off the grain: the outcome comes back through ReportCallbackAsync; if it never does, the lease expires
                // and recovery sends it again.
                callbacks.Deliver(Id, Snapshot(task), task.Callback!.Url, deliver.Attempt);
                break;
            case TaskEffect.StartLater later:
                StopTimer(ref _nextAttemptTimer);
                _nextAttemptTimer = this.RegisterGrainTimer(StartNextAttemptAsync, new GrainTimerCreationOptions(later.Delay, Timeout.InfiniteTimeSpan));
                break;
        }
    }

    private void Observe(TaskDecision decision)
    {
        var task = decision.Task;
        switch (decision.Transition)
        {
            case TaskTransition.AttemptStarted or TaskTransition.AttemptLost when task.Status == AgentTaskStatus.Running:
                if (decision.Transition == TaskTransition.AttemptLost)
                {
                    LogAttemptLost(logger, Id, task.Attempts - 1, task.AttemptHistory[^1].Error.Code);
                }
                metrics.Started(task.Agent, task.Attempts, time.GetUtcNow() - task.CreatedAt);
                LogAttemptStarted(logger, Id, task.Attempts);
                break;
            case TaskTransition.Retrying:
                LogRetrying(logger, Id, task.Attempts, task.AttemptHistory[^1].Error.Code);
                break;
            case TaskTransition.HandedBack:
                LogHandedBack(logger, Id, task.Attempts);
                break;
            case TaskTransition.Finished:
                metrics.Finished(task.Agent, task.Status, task.Error?.Code, task.FinishedAt!.Value - task.CreatedAt);
                LogFinished(logger, Id, task.Status, task.Attempts, task.Error?.Code);
                break;
            case TaskTransition.StaleReport:
                LogStaleReport(logger, Id, task.Attempts);
                break;
        }
    }

    /// <summary>
    /// Gives the attempt (already written as running) to the agent grain on this silo, which starts the run and
    /// returns. Never throws: a silo that is shutting down gets the task handed back; any other failure leaves the
    /// task running in storage without a run, and its lease expiring starts another attempt.
    /// </summary>
    private async Task HandToAgentAsync(TaskState task, int attempt)
    {
        try
        {
            await attempts.StartAsync(Id, task, attempt);
            LogDispatched(logger, Id, task.Agent, attempt);
        }
        catch (SiloDrainingException)
        {
            // A message to itself, not a call: this runs outside a turn (and a cancel may be awaiting it), so the
            // hand-back must wait for its own turn. If it is lost, the lease expires and recovery restarts the task.
            _ = this.AsReference<ITaskRunGrain>().HandBackAsync(attempt).ContinueWith(
                static t => _ = t.Exception, TaskScheduler.Default);
        }
        catch (Exception exception)
        {
            LogDispatchFailed(logger, exception, Id, attempt);
        }
    }

    private async Task StopRunAsync(TaskState task, int attempt)
    {
        try
        {
            await attempts.StopAsync(Id, task, attempt);
        }
        catch (Exception exception)
        {
            LogStopFailed(logger, exception, Id, attempt);
        }
    }

    private async Task StartNextAttemptAsync(CancellationToken cancellationToken)
    {
        StopTimer(ref _nextAttemptTimer);
        if (!await LoadExistingAsync() || _task!.Status.IsTerminal())
        {
            return;
        }
        if (drain.IsDraining)
        {
            await RenewLeaseAsync(time.GetUtcNow());
            return;
        }
        await ApplyAsync(new TaskCommand.StartAttempt(await catalog.FindAsync(_task.Agent), Silo));
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        StopTimer(ref _flushTimer);
        if (_unwritten && _task is { } task && !task.Status.IsTerminal())
        {
            await PersistAsync(task, TaskWrite.Update, leaseUntil: null);
        }
    }

    /// <summary>Writes the task at the version this activation holds, then shows watchers its new events.</summary>
    private async Task PersistAsync(TaskState task, TaskWrite kind, DateTimeOffset? leaseUntil)
    {
        long? written;
        try
        {
            var write = kind switch
            {
                TaskWrite.Finish => store.FinishAsync(Id, task, _version, leaseUntil),
                TaskWrite.AfterFinish => store.UpdateFinishedAsync(Id, task, _version, leaseUntil),
                _ => store.UpdateAsync(Id, task, _version, leaseUntil),
            };
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
        _task = task;
        _version = version;
        _unwritten = false;
        _events.Publish(task);
    }

    private Task RenewLeaseAsync(DateTimeOffset until) =>
        GuardStorageAsync(async () =>
        {
            await store.RenewLeasesAsync([Id], until);
            return true;
        }, "Task storage is unavailable; the lease was not renewed.");

    /// <summary>After a failed write this copy is ahead of storage: drop it, so the next call reads what storage holds.</summary>
    private void Forget()
    {
        _task = null;
        _version = 0;
        _unwritten = false;
        _loaded = null;
        _events.Wake();
    }

    /// <summary>Reads the task once, on the first call that needs it; a failed read is tried again by the next call.</summary>
    private async Task LoadAsync()
    {
        var loading = _loaded ??= ReadAsync();
        try
        {
            await loading;
        }
        catch
        {
            // Compared, not just cleared: a read that fails at once has failed before it was stored in _loaded.
            if (_loaded == loading)
            {
                _loaded = null;
            }
            throw;
        }
    }

    /// <summary>Loads the task; true when it exists. An activation for a task that does not exist leaves memory after this call.</summary>
    private async Task<bool> LoadExistingAsync(bool owner = true)
    {
        _ownerSeen |= owner;
        await LoadAsync();
        if (_task is null)
        {
            DeactivateOnIdle();
        }
        return _task is not null;
    }

    /// <summary>
    /// The task if <paramref name="tenant"/> may see it (it exists, is the tenant's, and has not outlived its
    /// retention), else null. Another tenant's call reads exactly like a call for a task that does not exist, and an
    /// activation that only such calls woke leaves memory after it.
    /// </summary>
    private async Task<TaskState?> LoadVisibleAsync(TenantId tenant)
    {
        if (!await LoadExistingAsync(owner: false))
        {
            return null;
        }
        var task = _task!;
        if (task.Tenant != tenant)
        {
            LogOtherTenant(logger, Id, tenant.Name);
            if (!_ownerSeen)
            {
                DeactivateOnIdle();
            }
            return null;
        }
        _ownerSeen = true;
        return task.FinishedAt is { } finishedAt && time.GetUtcNow() - finishedAt > options.Value.Retention ? null : task;
    }

    private async Task ReadAsync()
    {
        var record = await GuardStorageAsync(() => store.ReadAsync(Id), "Task storage is unavailable; retry shortly.");
        if (record is not null)
        {
            Adopt(record);
        }
    }

    /// <summary>Takes the stored task, unless this activation already holds that version or a newer one.</summary>
    private void Adopt(StoredTask? record)
    {
        if (record is null || record.Version <= _version)
        {
            return;
        }
        _task = _events.Reloaded(record.State);
        _version = record.Version;
        _unwritten = false;
        LeaveWhenFinished();
    }

    private async Task<T> GuardStorageAsync<T>(Func<Task<T>> operation, string message)
    {
        try
        {
            return await operation();
        }
        catch (Exception exception) when (exception is not (StorageUnavailableException or TaskOutcomeUnknownException))
        {
            LogStorageFailed(logger, exception, Id);
            throw new StorageUnavailableException(message);
        }
    }

    private static void StopTimer(ref IGrainTimer? timer)
    {
        timer?.Dispose();
        timer = null;
    }

    private TaskSnapshot Snapshot(TaskState task) => new(
        Id, task.Agent, task.Status, task.InputJson, task.CreatedAt, task.StartedAt, task.FinishedAt, task.Attempts,
        task.ResultJson, task.Error, task.Usage, [.. task.AttemptHistory], task.Timeout, task.QueuePosition,
        task.AgentVersion, task.ParentId, task.Callback, task.Kind);
}
