using Aaba.Abstractions.Tasks;

namespace Aaba.Grains.Tasks;

/// <summary>One task as stored. Stored as JSON (see JsonGrainStorageSerializer): property names are the schema, never rename one.</summary>
[GenerateSerializer, Alias("aaba.task-state")]
public sealed class TaskState
{
    [Id(0)] public string Agent { get; set; } = "";
    [Id(1)] public string InputJson { get; set; } = "";
    [Id(2)] public AgentTaskStatus Status { get; set; }
    [Id(3)] public DateTimeOffset CreatedAt { get; set; }
    [Id(4)] public DateTimeOffset? StartedAt { get; set; }
    [Id(5)] public DateTimeOffset? FinishedAt { get; set; }
    [Id(6)] public int Attempts { get; set; }
    [Id(7)] public string? ResultJson { get; set; }
    [Id(8)] public TaskError? Error { get; set; }

    /// <summary>The silo running the current attempt (Orleans parsable form), so a second activation can tell a live run from a lost one.</summary>
    [Id(9)] public string? RunningOn { get; set; }

    [Id(10)] public TaskUsage? Usage { get; set; }
}
