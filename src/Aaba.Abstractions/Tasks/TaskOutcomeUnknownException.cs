namespace Aaba.Abstractions.Tasks;

/// <summary>
/// A submission whose outcome is not known: the write may or may not have landed (its reply was lost, or the store
/// went away mid-write). The task may exist and run: read it at its id, or send the request again with the same
/// idempotency key (safe: it never creates a second task).
/// </summary>
[GenerateSerializer, Alias("aaba.task-outcome-unknown")]
public sealed class TaskOutcomeUnknownException(TaskId taskId, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    /// <summary>The id the task has if it was created.</summary>
    [Id(0)]
    public TaskId TaskId { get; } = taskId;
}
