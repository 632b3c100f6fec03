using System.Collections.Concurrent;
using Aaba.Abstractions;
using Aaba.Abstractions.Tasks;
using Aaba.Grains.Tasks;
using Aaba.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aaba.Grains.Agents;

/// <summary>
/// Runs this silo's agent work and reports each outcome to its task. The work runs on the thread pool, not on an
/// agent activation, so a long run neither blocks the activation nor dies with it.
/// <list type="bullet">
/// <item>It enforces the run's time limit and cancels on request.</item>
/// <item>It holds the lease of every run it has, renewing them in batches, until the outcome is delivered or the
/// attempt's deadline (time limit plus grace) passes: an outcome that cannot be delivered yet is kept, not redone.</item>
/// <item>On a clean shutdown (<see cref="DrainAsync"/>) it takes no new runs, stops the ones it has and hands each
/// back to its task, which runs it again elsewhere or after the restart without counting a lost attempt.</item>
/// </list>
/// </summary>
public sealed partial class AgentRunner(
    IGrainFactory grains,
    RedisTaskStore store,
    AabaMetrics metrics,
    IOptions<TaskOptions> options,
    TimeProvider time,
    ILogger<AgentRunner> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly Backoff ReportBackoff = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));

    private readonly ConcurrentDictionary<(TaskId TaskId, int Attempt), AgentRun> _runs = new();
    private readonly CancellationTokenSource _stopped = new();
    private readonly CancellationTokenSource _draining = new();
    private readonly RunTimeLimits _limits = new(time);
    private Task _leaseKeeper = Task.CompletedTask;

    /// <summary>Runs in progress (or still reporting) on this silo.</summary>
    public int Count => _runs.Count;

    /// <summary>Starts <paramref name="run"/> for <paramref name="invocation"/> and returns at once.</summary>
    /// <exception cref="SiloDrainingException">The silo is shutting down.</exception>
    public void Start(AgentInvocation invocation, Func<AgentRunContext, Task<string>> run)
    {
        if (_draining.IsCancellationRequested)
        {
            throw new SiloDrainingException("This silo is shutting down and takes no new runs.");
        }
        var now = time.GetUtcNow();
        var handle = new AgentRun(invocation, now + invocation.Timeout + options.Value.ReportGrace);
        _runs[(invocation.TaskId, invocation.Attempt)] = handle;
        _limits.Watch(handle, now + invocation.Timeout);
        handle.Completion = Task.Run(() => RunAndReportAsync(handle, run));
    }

    /// <summary>True while this silo is running (or reporting) that attempt.</summary>
    public bool IsRunning(TaskId taskId, int attempt) => _runs.ContainsKey((taskId, attempt));

    /// <summary>Cancels that attempt's run if it is on this silo; the run then ends without a report.</summary>
    public void Cancel(TaskId taskId, int attempt)
    {
        if (_runs.TryGetValue((taskId, attempt), out var run))
        {
            run.Stop(AgentRunStop.Cancelled);
        }
    }

    /// <summary>
    /// A clean shutdown: takes no new runs, stops every run and hands it back to its task (outcomes already known are
    /// still delivered). Returns once every run has reported, or when <paramref name="cancellationToken"/> says time is up.
    /// </summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        await _draining.CancelAsync();
        var runs = _runs.Values.ToList();
        foreach (var run in runs)
        {
            run.Stop(AgentRunStop.HandBack);
        }
        LogDraining(logger, runs.Count);
        await Task.WhenAll(runs.Select(r => r.Completion)).WaitAsync(cancellationToken)
            .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        LogDrained(logger, runs.Count - _runs.Count, _runs.Count);
    }

    /// <summary>Renews the leases of the runs this silo holds (those still within their deadline).</summary>
    public async Task RenewLeasesAsync()
    {
        var now = time.GetUtcNow();
        var held = _runs.Values.Where(run => run.Deadline > now).Select(run => run.Invocation.TaskId).ToList();
        await store.RenewLeasesAsync(held, now + options.Value.LeaseDuration);
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(AgentRunner), ServiceLifecycleStage.Active, StartKeepingLeases, StopKeepingLeasesAsync);

    private Task StartKeepingLeases(CancellationToken cancellationToken)
    {
        _leaseKeeper = Task.Run(() => KeepLeasesAsync(_stopped.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task StopKeepingLeasesAsync(CancellationToken cancellationToken)
    {
        await _stopped.CancelAsync();
        await _leaseKeeper.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _limits.Dispose();
    }

    private async Task KeepLeasesAsync(CancellationToken stopped)
    {
        // Every half lease: a renewal that is late by less than half a lease still lands in time, and one that misses
        // only gets the task checked (recovery finds the run still here and leaves it).
        using var timer = new PeriodicTimer(options.Value.LeaseDuration / 2, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopped))
            {
                try
                {
                    await RenewLeasesAsync();
                }
                catch (Exception exception) when (!stopped.IsCancellationRequested)
                {
                    // A lease missed once is renewed at the next tick; one that expires gets its task checked, and a
                    // run this silo still has keeps it.
                    LogRenewFailed(logger, exception, _runs.Count);
                }
            }
        }
        catch (OperationCanceledException) when (stopped.IsCancellationRequested)
        {
            // The silo stops.
        }
    }

    private async Task RunAndReportAsync(AgentRun run, Func<AgentRunContext, Task<string>> work)
    {
        try
        {
            var task = grains.GetGrainWithKey<ITaskRunGrain>(run.Invocation.TaskId.ToString());
            var outcome = await RunAsync(run, work, task);
            switch (outcome)
            {
                case not null:
                    await ReportAsync(run, () => task.ReportOutcomeAsync(run.Invocation.Attempt, outcome));
                    break;
                case null when run.StoppedBy == AgentRunStop.HandBack:
                    await ReportAsync(run, () => task.HandBackAsync(run.Invocation.Attempt));
                    break;
            }
        }
        finally
        {
            _runs.TryRemove((run.Invocation.TaskId, run.Invocation.Attempt), out _);
            run.Dispose();
            _limits.Ended();
        }
    }

    /// <summary>The run's outcome, or null when it was stopped (cancelled, or handed back).</summary>
    private async Task<AgentOutcome?> RunAsync(AgentRun run, Func<AgentRunContext, Task<string>> work, ITaskRunGrain task)
    {
        var invocation = run.Invocation;
        var context = new AgentRunContext(invocation, time, run.Stopping, task);
        using var running = metrics.Running(invocation.Agent);
        using var span = AabaTracing.StartTaskSpan("aaba.task.run", invocation.TraceParent, invocation.TaskId.ToString(), invocation.Agent);
        using var scope = logger.BeginScope(new Dictionary<string, object> { [AabaTracing.TaskIdTag] = invocation.TaskId.ToString(), [AabaTracing.AgentTag] = invocation.Agent });
        span?.SetTag("aaba.attempt", invocation.Attempt);
        AgentOutcome outcome;
        try
        {
            outcome = AgentOutcome.Success(await work(context));
        }
        catch (OperationCanceledException) when (run.StoppedBy == AgentRunStop.TimedOut)
        {
            outcome = AgentOutcome.Failure(TaskErrorCodes.Timeout, $"The agent did not finish within {invocation.Timeout.TotalSeconds:0.#} s.");
        }
        catch (OperationCanceledException) when (run.Stopping.IsCancellationRequested)
        {
            if (run.StoppedBy == AgentRunStop.HandBack)
            {
                LogHandingBack(logger, invocation.TaskId, invocation.Attempt);
            }
            return null;
        }
        catch (AgentException exception)
        {
            outcome = AgentOutcome.Failure(exception.Code, exception.Message);
        }
        catch (Exception exception)
        {
            LogAgentFailed(logger, exception, invocation.TaskId, invocation.Agent);
            outcome = AgentOutcome.Failure(TaskErrorCodes.AgentError, $"The agent failed: {exception.Message}");
        }
        return outcome with { Usage = context.Usage, TranscriptJson = context.TranscriptJson(), Progress = context.TakeProgress() };
    }

    /// <summary>
    /// Delivers a report, retrying until it lands or the attempt's deadline passes (a shutdown's hand-back: until the
    /// process stops). Meanwhile the run stays listed, so its lease is kept and nobody starts the task again.
    /// </summary>
    private async Task ReportAsync(AgentRun run, Func<Task> report)
    {
        for (var retry = 0; ; retry++)
        {
            try
            {
                await report();
                return;
            }
            catch (Exception exception) when (time.GetUtcNow() < run.Deadline && !_stopped.IsCancellationRequested)
            {
                LogReportRetry(logger, exception, run.Invocation.TaskId, retry + 1);
                try
                {
                    await Task.Delay(ReportBackoff.Delay(retry), time, _stopped.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            catch (Exception exception)
            {
                // The lease now expires: the task is checked and its next attempt started.
                LogReportAbandoned(logger, exception, run.Invocation.TaskId, run.Invocation.Attempt);
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {Agent} failed on task {TaskId}")]
    private static partial void LogAgentFailed(ILogger logger, Exception exception, TaskId taskId, string agent);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId}: attempt {Attempt} stopped by a clean shutdown; handing it back")]
    private static partial void LogHandingBack(ILogger logger, TaskId taskId, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shutting down cleanly: handing back {Count} run(s)")]
    private static partial void LogDraining(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Handed back or reported {Done} run(s); {Left} left to their leases")]
    private static partial void LogDrained(ILogger logger, int done, int left);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Task {TaskId}: reporting failed, retry {Retry}")]
    private static partial void LogReportRetry(ILogger logger, Exception exception, TaskId taskId, int retry);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId}: gave up reporting attempt {Attempt} at its deadline")]
    private static partial void LogReportAbandoned(ILogger logger, Exception exception, TaskId taskId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the leases of {Count} run(s); retrying at the next tick")]
    private static partial void LogRenewFailed(ILogger logger, Exception exception, int count);
}
