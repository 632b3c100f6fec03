using Aaba.Abstractions.Tasks;
using Aaba.Api.Http;

namespace Aaba.Api.Agents;

/// <summary>A task as clients read it.</summary>
public sealed record TaskResponse(
    string TaskId,
    string Agent,
    string Status,
    RawJson Input,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    int Attempts,
    RawJson? Result,
    TaskError? Error,
    TaskUsage? Usage,
    double TimeoutS,
    IReadOnlyList<AttemptRecord> AttemptHistory,
    int? QueuePosition)
{
    public static TaskResponse From(TaskSnapshot task) => new(
        task.Id.ToString(), task.Agent, task.Status.ToWireName(), new RawJson(task.InputJson), task.CreatedAt,
        task.StartedAt, task.FinishedAt, task.Attempts, RawJson.From(task.ResultJson), task.Error, task.Usage,
        task.Timeout.TotalSeconds, task.AttemptHistory, task.QueuePosition);
}
