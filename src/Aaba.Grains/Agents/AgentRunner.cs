using System.Collections.Concurrent;
using Aaba.Abstractions;
using Aaba.Abstractions.Agents;
using Aaba.Abstractions.Tasks;
using Aaba.Grains.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aaba.Grains.Agents;

/// <summary>
/// Runs agent work for this silo's agent grains and reports each outcome to its task grain.
/// The work runs on the thread pool, not on an agent activation, so a long run neither blocks the activation
/// nor dies with it; the run's timeout (from the invocation) is enforced here, and so is cancellation on request. When the silo stops, runs are cancelled without a
/// report: their tasks stay unfinished in storage and the watchdog starts them again.
/// </summary>
public sealed partial class AgentRunner(
    IGrainFactory grains,
    IHostApplicationLifetime lifetime,
    AabaMetrics metrics,
    TimeProvider time,
    ILogger<AgentRunner> logger)
{
    private static readonly TimeSpan[] ReportBackoff =
        [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)];

    /// <summary>Runs in progress on this silo, each with the source that cancels it on request.</summary>
    private readonly ConcurrentDictionary<(TaskId TaskId, int Attempt), CancellationTokenSource> _active = new();

    /// <summary>Starts <paramref name="run"/> for <paramref name="invocation"/> and returns at once.</summary>
    public void Start(AgentInvocation invocation, Func<AgentRunContext, Task<string>> run)
    {
        var cancel = new CancellationTokenSource();
        _active[(invocation.TaskId, invocation.Attempt)] = cancel;
        _ = Task.Run(() => RunAndReportAsync(invocation, run, cancel));
    }

    /// <summary>True while this silo is running (or reporting) that attempt.</summary>
    public bool IsRunning(TaskId taskId, int attempt) => _active.ContainsKey((taskId, attempt));

    /// <summary>Cancels that attempt's run if it is on this silo; the run then ends without a report.</summary>
    public void Cancel(TaskId taskId, int attempt)
    {
        if (_active.TryGetValue((taskId, attempt), out var cancel))
        {
            cancel.Cancel();
        }
    }

    private async Task RunAndReportAsync(AgentInvocation invocation, Func<AgentRunContext, Task<string>> run, CancellationTokenSource cancel)
    {
        try
        {
            await RunAndReportCoreAsync(invocation, run, cancel.Token);
        }
        finally
        {
            _active.TryRemove((invocation.TaskId, invocation.Attempt), out _);
            cancel.Dispose();
        }
    }

    private async Task RunAndReportCoreAsync(AgentInvocation invocation, Func<AgentRunContext, Task<string>> run, CancellationToken cancelled)
    {
        var stopping = lifetime.ApplicationStopping;
        using var timeout = new CancellationTokenSource(invocation.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, stopping, cancelled);
        var context = new AgentRunContext(invocation, time, linked.Token, grains.GetTaskGrain(invocation.TaskId));
        var outcome = await RunAsync(context, run, timeout, stopping, cancelled);
        if (outcome is not null)
        {
            await ReportAsync(invocation, outcome, stopping);
        }
    }

    /// <summary>The run's outcome, or null when shutdown interrupted it (the task then stays unfinished and is resumed).</summary>
    private async Task<AgentOutcome?> RunAsync(
        AgentRunContext context, Func<AgentRunContext, Task<string>> run, CancellationTokenSource timeout,
        CancellationToken stopping, CancellationToken cancelled)
    {
        var outcome = await RunCoreAsync(context, run, timeout, stopping, cancelled);
        return outcome is null ? null : outcome with { Usage = context.Usage, TranscriptJson = context.TranscriptJson(), Progress = context.TakeProgress() };
    }

    private async Task<AgentOutcome?> RunCoreAsync(
        AgentRunContext context, Func<AgentRunContext, Task<string>> run, CancellationTokenSource timeout,
        CancellationToken stopping, CancellationToken cancelled)
    {
        var invocation = context.Invocation;
        using var running = metrics.Running(invocation.Agent);
        using var span = AabaTracing.StartTaskSpan("aaba.task.run", invocation.TraceParent, invocation.TaskId.ToString(), invocation.Agent);
        using var scope = logger.BeginScope(new Dictionary<string, object> { [AabaTracing.TaskIdTag] = invocation.TaskId.ToString(), [AabaTracing.AgentTag] = invocation.Agent });
        span?.SetTag("aaba.attempt", invocation.Attempt);
        try
        {
            return AgentOutcome.Success(await run(context));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            LogAbandonedOnShutdown(logger, invocation.TaskId, invocation.Attempt);
            return null;
        }
        catch (OperationCanceledException) when (cancelled.IsCancellationRequested)
        {
            // The task grain already recorded the cancellation; nothing to report.
            return null;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return AgentOutcome.Failure(TaskErrorCodes.Timeout, $"The agent did not finish within {invocation.Timeout.TotalSeconds:0.#} s.");
        }
        catch (AgentException exception)
        {
            return AgentOutcome.Failure(exception.Code, exception.Message);
        }
        catch (Exception exception)
        {
            LogAgentFailed(logger, exception, invocation.TaskId, invocation.Agent);
            return AgentOutcome.Failure(TaskErrorCodes.AgentError, $"The agent failed: {exception.Message}");
        }
    }

    private async Task ReportAsync(AgentInvocation invocation, AgentOutcome outcome, CancellationToken stopping)
    {
        var task = grains.GetTaskGrain(invocation.TaskId);
        for (var retry = 0; ; retry++)
        {
            try
            {
                await task.ReportOutcomeAsync(invocation.Attempt, outcome);
                return;
            }
            catch (Exception exception) when (retry < ReportBackoff.Length && !stopping.IsCancellationRequested)
            {
                LogReportRetry(logger, exception, invocation.TaskId, retry + 1);
                try
                {
                    await Task.Delay(ReportBackoff[retry], time, stopping);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            catch (Exception exception)
            {
                // The task keeps its unfinished entry; the watchdog restarts it once this attempt's deadline passes.
                LogReportAbandoned(logger, exception, invocation.TaskId, invocation.Attempt);
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {Agent} failed on task {TaskId}")]
    private static partial void LogAgentFailed(ILogger logger, Exception exception, TaskId taskId, string agent);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId}: attempt {Attempt} stopped by shutdown; it resumes on the next start")]
    private static partial void LogAbandonedOnShutdown(ILogger logger, TaskId taskId, int attempt);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Task {TaskId}: reporting the outcome failed, retry {Retry}")]
    private static partial void LogReportRetry(ILogger logger, Exception exception, TaskId taskId, int retry);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId}: gave up reporting the outcome of attempt {Attempt}")]
    private static partial void LogReportAbandoned(ILogger logger, Exception exception, TaskId taskId, int attempt);
}
