using Aaba.Abstractions.Tasks;
using Microsoft.Extensions.Logging;

namespace Aaba.Grains.Tasks;

public sealed partial class TaskGrain
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Task {TaskId} accepted for agent {Agent}")]
    private static partial void LogAccepted(ILogger logger, TaskId taskId, string agent);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Task {TaskId} dispatched to {Agent}, attempt {Attempt}")]
    private static partial void LogDispatched(ILogger logger, TaskId taskId, string agent, int attempt);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Task {TaskId} finished {Status} after {Attempts} attempt(s), error {ErrorCode}")]
    private static partial void LogFinished(ILogger logger, TaskId taskId, AgentTaskStatus status, int attempts, string? errorCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} resumed by the watchdog: it was {Status} after {Attempts} attempt(s)")]
    private static partial void LogResuming(ILogger logger, TaskId taskId, AgentTaskStatus status, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId}: attempt {Attempt} sent no outcome before its deadline; starting another")]
    private static partial void LogAttemptLost(ILogger logger, TaskId taskId, int attempt);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Task {TaskId}: ignored outcome of attempt {Attempt} (current attempt {Current})")]
    private static partial void LogStaleOutcome(ILogger logger, TaskId taskId, int attempt, int current);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId}: could not start attempt {Attempt}; the watchdog will retry")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception, TaskId taskId, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Task {TaskId}: storage operation failed")]
    private static partial void LogStorageFailed(ILogger logger, Exception exception, TaskId taskId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId}: adopted attempt {Attempt}, still running on {Silo}")]
    private static partial void LogAdopted(ILogger logger, TaskId taskId, int attempt, string? silo);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} cancelled on request")]
    private static partial void LogCancelled(ILogger logger, TaskId taskId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId}: attempt {Attempt} failed with {ErrorCode}; retrying in {DelayMs} ms")]
    private static partial void LogRetrying(ILogger logger, TaskId taskId, int attempt, string errorCode, double delayMs);
}
