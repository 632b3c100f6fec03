using Aaba.Abstractions.Tasks;

namespace Aaba.Abstractions.Http;

/// <summary>A task as the HTTP API shows it (<c>GET /agents/status/{task_id}</c>); the JSON form of <see cref="TaskSnapshot"/>.</summary>
/// <param name="TaskId">The task id.</param>
/// <param name="Agent">The agent it runs.</param>
/// <param name="Status">Where it is in its life.</param>
/// <param name="Input">The agent input as the client sent it.</param>
/// <param name="CreatedAt">When it was accepted.</param>
/// <param name="StartedAt">When its latest attempt started.</param>
/// <param name="FinishedAt">When it reached a terminal status.</param>
/// <param name="Attempts">How many times an agent was started on it.</param>
/// <param name="Result">The agent's result once succeeded.</param>
/// <param name="Error">Why it failed, once failed.</param>
/// <param name="Usage">Language-model tokens used.</param>
/// <param name="TimeoutS">How long one run may take, in seconds.</param>
/// <param name="AttemptHistory">Earlier attempts that ended without finishing the task, and why.</param>
/// <param name="QueuePosition">While queued inside its agent: its place in line.</param>
/// <param name="AgentVersion">The version of the agent its latest attempt ran with.</param>
/// <param name="ParentId">The pipeline task this task is a step of.</param>
/// <param name="Callback">Its completion webhook and every delivery attempt, when the run request named one.</param>
/// <param name="Steps">A pipeline's steps (its child tasks) in the order they were started; null for other tasks.</param>
public sealed record TaskResponse(
    TaskId TaskId,
    string Agent,
    AgentTaskStatus Status,
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
    int? QueuePosition,
    long? AgentVersion = null,
    TaskId? ParentId = null,
    TaskCallback? Callback = null,
    IReadOnlyList<TaskListItem>? Steps = null)
{
    /// <summary>The JSON form of <paramref name="task"/>.</summary>
    public static TaskResponse From(TaskSnapshot task) => new(
        task.Id, task.Agent, task.Status, new RawJson(task.InputJson), task.CreatedAt,
        task.StartedAt, task.FinishedAt, task.Attempts, RawJson.From(task.ResultJson), task.Error, task.Usage,
        task.Timeout.TotalSeconds, task.AttemptHistory, task.QueuePosition, task.AgentVersion, task.ParentId, task.Callback);

    /// <summary>The task this answer describes.</summary>
    public TaskSnapshot ToSnapshot() => new(
        TaskId, Agent, Status, Input.Text, CreatedAt, StartedAt, FinishedAt, Attempts, Result?.Text, Error, Usage,
        [.. AttemptHistory ?? []], TimeSpan.FromSeconds(TimeoutS), QueuePosition, AgentVersion, ParentId, Callback);
}
