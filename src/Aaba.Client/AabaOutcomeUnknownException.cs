using Aaba.Abstractions.Http;
using Aaba.Abstractions.Tasks;

namespace Aaba.Client;

/// <summary>
/// A run whose outcome is not known: it may or may not have been accepted. Read <see cref="TaskId"/> to find out, or
/// send the run again with the same idempotency key (which never creates a second task).
/// </summary>
public sealed class AabaOutcomeUnknownException(TaskId taskId, AabaProblem problem, Exception? innerException = null)
    : AabaUnavailableException(problem, innerException)
{
    /// <summary>The id the task has if it was created.</summary>
    public TaskId TaskId { get; } = taskId;
}
