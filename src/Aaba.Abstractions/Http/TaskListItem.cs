using Aaba.Abstractions.Tasks;

namespace Aaba.Abstractions.Http;

/// <summary>A task in a listing: everything but its input and result (read those at its <c>status_url</c>).</summary>
/// <param name="TaskId">The task id.</param>
/// <param name="Agent">The agent it runs.</param>
/// <param name="Status">Where it is in its life.</param>
/// <param name="CreatedAt">When it was accepted.</param>
/// <param name="StartedAt">When its latest attempt started.</param>
/// <param name="FinishedAt">When it reached a terminal status.</param>
/// <param name="Attempts">How many times an agent was started on it.</param>
/// <param name="Error">Why it failed, once failed.</param>
/// <param name="StatusUrl">Where to read the whole task.</param>
public sealed record TaskListItem(
    TaskId TaskId, string Agent, AgentTaskStatus Status, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt, int Attempts, TaskError? Error, string StatusUrl)
{
    /// <summary>The JSON form of <paramref name="task"/>.</summary>
    public static TaskListItem From(TaskSummary task) => new(
        task.Id, task.Agent, task.Status, task.CreatedAt, task.StartedAt, task.FinishedAt,
        task.Attempts, task.Error, AabaRoutes.Task(task.Id));

    /// <summary>The summary this item shows.</summary>
    public TaskSummary ToSummary() => new(TaskId, Agent, Status, CreatedAt, StartedAt, FinishedAt, Attempts, Error);
}
