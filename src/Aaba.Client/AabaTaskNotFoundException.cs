using Aaba.Abstractions.Http;
using Aaba.Abstractions.Tasks;

namespace Aaba.Client;

/// <summary>No task <see cref="TaskId"/> exists: never created, expired, or (with API keys) another tenant's (404).</summary>
public sealed class AabaTaskNotFoundException(TaskId taskId, AabaProblem problem, Exception? innerException = null)
    : AabaException(problem, innerException)
{
    /// <summary>The task that was asked for.</summary>
    public TaskId TaskId { get; } = taskId;
}
