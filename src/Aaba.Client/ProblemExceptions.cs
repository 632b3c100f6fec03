using Aaba.Abstractions.Http;
using Aaba.Abstractions.Tasks;

namespace Aaba.Client;

/// <summary>Which typed exception a problem is, the same for both transports.</summary>
internal static class ProblemExceptions
{
    /// <summary>
    /// The exception for <paramref name="problem"/>, answered to a request about <paramref name="agent"/> (a run) or
    /// <paramref name="task"/> (a task's routes).
    /// </summary>
    public static AabaException Create(AabaProblem problem, string? agent = null, TaskId? task = null, Exception? innerException = null) =>
        (problem.Status, problem.Title) switch
        {
            (404, AabaProblems.Titles.UnknownAgent) => new AabaAgentNotFoundException(agent ?? "", problem, innerException),
            (404, _) when task is { } id => new AabaTaskNotFoundException(id, problem, innerException),
            (400, _) => new AabaValidationException(problem, innerException),
            (401 or 403, _) => new AabaAccessDeniedException(problem, innerException),
            (409, _) => new AabaConflictException(problem, innerException),
            (503, AabaProblems.Titles.OutcomeUnknown) when problem.TaskId is { } id => new AabaOutcomeUnknownException(id, problem, innerException),
            (503 or null, _) => new AabaUnavailableException(problem, innerException),
            _ => new AabaException(problem, innerException),
        };

    /// <summary>No task <paramref name="id"/>, as the API says it.</summary>
    public static AabaTaskNotFoundException TaskNotFound(TaskId id) =>
        new(id, AabaProblems.TaskNotFound(id.ToString(), "no such task exists (or it expired)"));
}
