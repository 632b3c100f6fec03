using System.Collections.Concurrent;
using Aaba.Abstractions;
using Aaba.Abstractions.Agents;
using Aaba.Abstractions.Tasks;
using Aaba.Grains.Tasks;
using Aaba.Grains.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aaba.Grains.Agents;

/// <summary>
/// Runs agent work for this silo's agent grains and reports each outcome to its task grain.
/// The work runs on the thread pool, not on an agent activation, so a long run neither blocks the activation
/// nor dies with it; the run timeout is enforced here. When the silo stops, runs are cancelled without a
/// report: their tasks stay unfinished in storage and the watchdog starts them again.
/// </summary>
public sealed partial class AgentRunner(
    IGrainFactory grains,
    IHostApplicationLifetime lifetime,
    AabaMetrics metrics,
    IOptions<TaskOptions> options,
    TimeProvider time,
    ILogger<AgentRunner> logger)
{
    private static readonly TimeSpan[] ReportBackoff =
        [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)];

    private readonly ConcurrentDictionary<(TaskId TaskId, int Attempt), byte> _active = new();

    /// <summary>Starts <paramref name="run"/> for <paramref name="invocation"/> and returns at once.</summary>
    public void Start(AgentInvocation invocation, Func<AgentRunContext, Task<string>> run)
    {
        _active.TryAdd((invocation.TaskId, invocation.Attempt), 0);
        _ = Task.Run(() => RunAndReportAsync(invocation, run));
    }

    /// <summary>True while this silo is running (or reporting) that attempt.</summary>
    public bool IsRunning(TaskId taskId, int attempt) => _active.ContainsKey((taskId, attempt));

    private async Task RunAndReportAsync(AgentInvocation invocation, Func<AgentRunContext, Task<string>> run)
    {
        try
        {
            await RunAndReportCoreAsync(invocation, run);
        }
        finally
        {
            _active.TryRemove((invocation.TaskId, invocation.Attempt), out _);
        }
    }

    private async Task RunAndReportCoreAsync(AgentInvocation invocation, Func<AgentRunContext, Task<string>> run)
    {
        var stopping = lifetime.ApplicationStopping;
        using var timeout = new CancellationTokenSource(options.Value.RunTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, stopping);
        var context = new AgentRunContext(invocation, time, linked.Token);
        var outcome = await RunAsync(context, run, timeout, stopping);
        if (outcome is not null)
        {
            await ReportAsync(invocation, outcome, stopping);
        }
    }

    /// <summary>The run's outcome, or null when shutdown interrupted it (the task then stays unfinished and is resumed).</summary>
    private async Task<AgentOutcome?> RunAsync(
        AgentRunContext context, Func<AgentRunContext, Task<string>> run, CancellationTokenSource timeout, CancellationToken stopping)
    {
        var outcome = await RunCoreAsync(context, run, timeout, stopping);
        return outcome is null ? null : outcome with { Usage = context.Usage, TranscriptJson = context.TranscriptJson() };
    }

    private async Task<AgentOutcome?> RunCoreAsync(
        AgentRunContext context, Func<AgentRunContext, Task<string>> run, CancellationTokenSource timeout, CancellationToken stopping)
    {
        var invocation = context.Invocation;
        using var running = metrics.Running(invocation.Agent);
        try
        {
            return AgentOutcome.Success(await run(context));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            LogAbandonedOnShutdown(logger, invocation.TaskId, invocation.Attempt);
            return null;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return AgentOutcome.Failure(TaskErrorCodes.Timeout, $"The agent did not finish within {options.Value.RunTimeout}.");
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
