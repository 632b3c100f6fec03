using Aaba.Abstractions.Tasks;

namespace Aaba.Grains.Tasks;

/// <summary>One task as stored. Stored as JSON (see RedisTaskStore): property names are the schema, never rename one.</summary>
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

    /// <summary>How long one run may take (the request's timeout, else the agent's default).</summary>
    [Id(11)] public TimeSpan Timeout { get; set; }

    /// <summary>Attempts that ended without finishing the task.</summary>
    [Id(12)] public List<AttemptRecord> AttemptHistory { get; set; } = [];

    /// <summary>Status changes and agent progress, oldest first, capped (see TaskGrain.MaxEvents).</summary>
    [Id(13)] public List<TaskEvent> Events { get; set; } = [];

    [Id(14)] public long LastEventId { get; set; }

    /// <summary>Set while the current attempt waits in its agent's queue (status queued, attempt already dispatched).</summary>
    [Id(15)] public int? QueuePosition { get; set; }

    /// <summary>The W3C trace parent of the submitting request: the run continues that trace.</summary>
    [Id(16)] public string? TraceParent { get; set; }
}
