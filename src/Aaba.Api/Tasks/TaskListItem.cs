using Aaba.Abstractions.Tasks;

namespace Aaba.Api.Tasks;

/// <summary>A task in a listing: everything but its input and result (read those at its status_url).</summary>
public sealed record TaskListItem(
    string TaskId, string Agent, string Status, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt, int Attempts, TaskError? Error, string StatusUrl)
{
    public static TaskListItem From(TaskSummary task) => new(
        task.Id.ToString(), task.Agent, task.Status.ToWireName(), task.CreatedAt, task.StartedAt, task.FinishedAt,
        task.Attempts, task.Error, $"/agents/status/{task.Id}");
}
