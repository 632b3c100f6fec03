namespace Aaba.Abstractions.Tasks;

/// <summary>Everything a client may read about a task at one moment.</summary>
/// <param name="Id">The task id.</param>
/// <param name="Agent">The registered agent name the task runs.</param>
/// <param name="Status">Where the task is in its life.</param>
/// <param name="InputJson">The agent input as the client sent it (a JSON object).</param>
/// <param name="CreatedAt">When the task was accepted.</param>
/// <param name="StartedAt">When the latest attempt started, if any.</param>
/// <param name="FinishedAt">When the task reached a terminal status.</param>
/// <param name="Attempts">How many times an agent was started on it (more than one after a crash).</param>
/// <param name="ResultJson">The agent's result (JSON) once succeeded.</param>
/// <param name="Error">Why it failed, once failed.</param>
/// <param name="Usage">Language-model tokens used, for agents that call a model.</param>
/// <param name="AttemptHistory">Earlier attempts that ended without finishing the task, and why.</param>
/// <param name="Timeout">How long one run may take.</param>
/// <param name="QueuePosition">While <c>queued</c> inside its agent (the agent's concurrency limit is reached): its place in line.</param>
/// <param name="AgentVersion">The version of the agent its latest attempt ran with.</param>
/// <param name="ParentId">The pipeline task this task is a step of.</param>
/// <param name="Callback">Its completion webhook, when the run request named one.</param>
/// <param name="Kind">The kind of its agent (<c>pipeline</c> tasks have steps).</param>
[GenerateSerializer, Immutable, Alias("aaba.task-snapshot")]
public sealed record TaskSnapshot(
    [property: Id(0)] TaskId Id,
    [property: Id(1)] string Agent,
    [property: Id(2)] AgentTaskStatus Status,
    [property: Id(3)] string InputJson,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] DateTimeOffset? StartedAt,
    [property: Id(6)] DateTimeOffset? FinishedAt,
    [property: Id(7)] int Attempts,
    [property: Id(8)] string? ResultJson,
    [property: Id(9)] TaskError? Error,
    [property: Id(10)] TaskUsage? Usage,
    [property: Id(11)] System.Collections.Immutable.ImmutableArray<AttemptRecord> AttemptHistory,
    [property: Id(12)] TimeSpan Timeout,
    [property: Id(13)] int? QueuePosition,
    [property: Id(14)] long? AgentVersion = null,
    [property: Id(15)] TaskId? ParentId = null,
    [property: Id(16)] TaskCallback? Callback = null,
    [property: Id(17)] string? Kind = null);
