using Aaba.Abstractions;
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
/// and takes the agent's outcome back through <see cref="ReportOutcomeAsync"/>. Not reentrant: every method and
/// timer callback runs one at a time, so state writes never interleave.
/// </summary>
[CollectionAgeLimit(Minutes = 2)]
public sealed partial class TaskGrain(
    [PersistentState("task", AabaStorage.Tasks)] IPersistentState<TaskState> state,
    [PersistentState("transcript", AabaStorage.Tasks)] IPersistentState<TranscriptState> transcript,
    AgentCatalogCache catalog,
    AgentKindRegistry kinds,
    ITaskIndex index,
    AabaMetrics metrics,
    AgentRunner runner,
    IClusterMembershipService membership,
    ILocalSiloDetails localSilo,
    IOptions<TaskOptions> options,
    TimeProvider time,
    ILogger<TaskGrain> logger) : Grain, ITaskGrain
{
    /// <summary>The attempt this activation has handed to an agent and not yet heard back from (0: none).</summary>
    private int _attemptInFlight;
    private DateTimeOffset _attemptDeadline;
    private IGrainTimer? _dispatchTimer;

    private TaskId Id => TaskId.Parse(this.GetPrimaryKeyString());

    private TaskState Stored => state.State;

    public async Task<TaskSnapshot> StartAsync(TaskSubmission submission)
    {
        if (state.RecordExists)
        {
            if (Stored.Agent == submission.Agent && Stored.InputJson == submission.InputJson)
            {
                return Snapshot();
            }
            throw new TaskConflictException($"Task {Id} already exists with a different submission.");
        }

        var descriptor = await catalog.FindAsync(submission.Agent) ?? throw new UnknownAgentException(submission.Agent);
        var errors = kinds.Get(descriptor.Kind).ValidateInput(submission.InputJson);
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
        };
        // The index entry goes first: a task that is stored but not indexed could never be recovered.
        await GuardStorageAsync(() => index.AddAsync(Id, submission.Agent, now));
        await PersistAsync();
        metrics.Submitted(submission.Agent);
        LogAccepted(logger, Id, submission.Agent);
        ScheduleDispatch();
        return Snapshot();
    }

    public Task<TaskSnapshot?> GetAsync() =>
        Task.FromResult(IsVisible() ? Snapshot() : null);

    public Task<string?> GetTranscriptAsync() =>
        Task.FromResult(IsVisible() ? (transcript.RecordExists ? transcript.State.Json : "[]") : null);

    public async Task ResumeAsync()
    {
        if (!state.RecordExists || Stored.Status.IsTerminal())
        {
            // A leftover index entry: the task finished (or its first write failed) before the entry was removed.
            await GuardStorageAsync(() => index.ForgetUnfinishedAsync(Id));
            return;
        }
        if (_dispatchTimer is not null)
        {
            return;
        }
        if (_attemptInFlight == Stored.Attempts && time.GetUtcNow() < _attemptDeadline)
        {
            return;
        }
        if (_attemptInFlight == 0 && Stored.Status == AgentTaskStatus.Running && IsCurrentAttemptAlive())
        {
            // A second activation (after a directory partition was lost with a dead silo) while the first one's
            // run goes on: adopt that run instead of starting a duplicate. Its outcome will be reported here.
            _attemptInFlight = Stored.Attempts;
            _attemptDeadline = time.GetUtcNow() + RunWindow;
            DelayDeactivation(RunWindow);
            LogAdopted(logger, Id, Stored.Attempts, Stored.RunningOn);
            return;
        }
        if (_attemptInFlight != 0)
        {
            LogAttemptLost(logger, Id, _attemptInFlight);
        }
        else
        {
            LogResuming(logger, Id, Stored.Status, Stored.Attempts);
        }
        _attemptInFlight = 0;
        ScheduleDispatch();
    }

    public async Task ReportOutcomeAsync(int attempt, AgentOutcome outcome)
    {
        if (!state.RecordExists || Stored.Status.IsTerminal() || attempt != Stored.Attempts)
        {
            LogStaleOutcome(logger, Id, attempt, Stored.Attempts);
            return;
        }
        if (outcome.TranscriptJson is not null)
        {
            // Written before the terminal state, so a finished task always has its transcript.
            transcript.State.Json = outcome.TranscriptJson;
            await GuardStorageAsync(transcript.WriteStateAsync);
        }
        Stored.Usage = outcome.Usage;
        await FinishAsync(outcome.Error is null ? AgentTaskStatus.Succeeded : AgentTaskStatus.Failed, outcome.ResultJson, outcome.Error);
    }

    private void ScheduleDispatch()
    {
        // A timer turn of its own, so the caller of StartAsync/ResumeAsync gets its answer first.
        _dispatchTimer = this.RegisterGrainTimer(
            DispatchAsync,
            new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
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
        await PersistAsync();

        var attempt = Stored.Attempts;
        _attemptInFlight = attempt;
        metrics.Started(Stored.Agent, attempt, now - Stored.CreatedAt);
        _attemptDeadline = now + RunWindow;
        DelayDeactivation(RunWindow);
        try
        {
            var agent = kinds.Get(descriptor.Kind).GetGrain(GrainFactory, descriptor.Name);
            await agent.StartAsync(new AgentInvocation(Id, descriptor.Name, attempt, Stored.InputJson));
            LogDispatched(logger, Id, descriptor.Name, attempt);
        }
        catch (Exception exception)
        {
            // Leave the task running in storage; the next sweep retries it with a new attempt.
            _attemptInFlight = 0;
            LogDispatchFailed(logger, exception, Id, attempt);
        }
    }

    private async Task FinishAsync(AgentTaskStatus status, string? resultJson, TaskError? error)
    {
        Stored.Status = status;
        Stored.FinishedAt = time.GetUtcNow();
        Stored.ResultJson = resultJson;
        Stored.Error = error;
        Stored.RunningOn = null;
        await PersistAsync();
        _attemptInFlight = 0;
        metrics.Finished(Stored.Agent, status, error?.Code, Stored.FinishedAt.Value - Stored.CreatedAt);
        LogFinished(logger, Id, status, Stored.Attempts, error?.Code);
        // If this fails the unfinished entry stays; the sweep will find the task finished and remove it then.
        await GuardStorageAsync(() => index.FinishAsync(Id, Stored.Agent, status));
    }

    /// <summary>
    /// The agent enforces the run timeout itself; past this window (plus slack for the report to arrive)
    /// the next sweep treats the attempt as lost and starts another.
    /// </summary>
    private TimeSpan RunWindow => options.Value.RunTimeout + TimeSpan.FromMinutes(1);

    /// <summary>
    /// Whether the current attempt may still be running: on this silo we know for sure (the runner tracks its runs);
    /// elsewhere we trust a silo that membership still lists as active. Agents run on the silo that dispatched them
    /// (stateless workers are local), so a dead silo means a lost run.
    /// </summary>
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
        Stored.Attempts, Stored.ResultJson, Stored.Error, Stored.Usage);

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
}
