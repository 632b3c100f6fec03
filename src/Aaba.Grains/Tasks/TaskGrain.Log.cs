using Aaba.Abstractions.Tasks;
using Microsoft.Extensions.Logging;

namespace Aaba.Grains.Tasks;

public sealed partial class TaskGrain
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Task {TaskId} accepted for agent {Agent}")]
    private static partial void LogAccepted(ILogger logger, TaskId taskId, string agent);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Task {TaskId} handed to {Agent}, attempt {Attempt}")]
    private static partial void LogDispatched(ILogger logger, TaskId taskId, string agent, int attempt);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Task {TaskId}: attempt {Attempt} started")]
    private static partial void LogAttemptStarted(ILogger logger, TaskId taskId, int attempt);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Task {TaskId} finished {Status} after {Attempts} attempt(s), error {ErrorCode}")]
    private static partial void LogFinished(ILogger logger, TaskId taskId, AgentTaskStatus status, int attempts, string? errorCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId}: attempt {Attempt} ended as {Reason} (its run is gone); starting the next")]
    private static partial void LogAttemptLost(ILogger logger, TaskId taskId, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId}: attempt {Attempt} handed back by a clean shutdown; it runs again")]
    private static partial void LogHandedBack(ILogger logger, TaskId taskId, int attempt);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Task {TaskId}: ignored outcome of attempt {Attempt} (current attempt {Current})")]
    private static partial void LogStaleOutcome(ILogger logger, TaskId taskId, int attempt, int current);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Task {TaskId}: ignored a report of another attempt than {Current}")]
    private static partial void LogStaleReport(ILogger logger, TaskId taskId, int current);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId}: could not hand attempt {Attempt} to its agent; its lease will expire and recovery starts it again")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception, TaskId taskId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId}: could not stop the run of attempt {Attempt}")]
    private static partial void LogStopFailed(ILogger logger, Exception exception, TaskId taskId, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Task {TaskId}: storage operation failed")]
    private static partial void LogStorageFailed(ILogger logger, Exception exception, TaskId taskId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Task {TaskId} is listed as unfinished but its record is gone (evicted or deleted outside Aaba); dropping the entry")]
    private static partial void LogRecordMissing(ILogger logger, TaskId taskId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} cancelled on request")]
    private static partial void LogCancelled(ILogger logger, TaskId taskId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId}: attempt {Attempt} failed with {ErrorCode}; retrying after a backoff")]
    private static partial void LogRetrying(ILogger logger, TaskId taskId, int attempt, string errorCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} not created: tenant {Tenant} already has {Limit} tasks in flight")]
    private static partial void LogTenantLimit(ILogger logger, TaskId taskId, string tenant, int limit);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Task {TaskId}: a call from tenant {Tenant}, which does not own it, was answered as not found")]
    private static partial void LogOtherTenant(ILogger logger, TaskId taskId, string tenant);
}
