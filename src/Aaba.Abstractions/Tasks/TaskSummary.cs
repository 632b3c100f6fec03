namespace Aaba.Abstractions.Tasks;

/// <summary>A task as a listing shows it: everything but its input, result, events and history.</summary>
/// <param name="Id">The task id.</param>
/// <param name="Agent">The agent it runs.</param>
/// <param name="Status">Where it is in its life.</param>
/// <param name="CreatedAt">When it was accepted.</param>
/// <param name="StartedAt">When its latest attempt started.</param>
/// <param name="FinishedAt">When it reached a terminal status.</param>
/// <param name="Attempts">How many times an agent was started on it.</param>
/// <param name="Error">Why it failed, once failed.</param>
[GenerateSerializer, Immutable, Alias("aaba.task-summary")]
public sealed record TaskSummary(
    [property: Id(0)] TaskId Id,
    [property: Id(1)] string Agent,
    [property: Id(2)] AgentTaskStatus Status,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset? StartedAt,
    [property: Id(5)] DateTimeOffset? FinishedAt,
    [property: Id(6)] int Attempts,
    [property: Id(7)] TaskError? Error);
