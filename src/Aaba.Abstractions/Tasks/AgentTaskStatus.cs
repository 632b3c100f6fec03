namespace Aaba.Abstractions.Tasks;

/// <summary>Where a task is in its life; the last three are terminal.</summary>
[GenerateSerializer, Alias("aaba.task-status"), System.Text.Json.Serialization.JsonConverter(typeof(AgentTaskStatusJsonConverter))]
public enum AgentTaskStatus
{
    /// <summary>Accepted and persisted; waiting for an agent to take it.</summary>
    Queued = 0,
    /// <summary>An agent is working on it.</summary>
    Running = 1,
    /// <summary>Finished with a result.</summary>
    Succeeded = 2,
    /// <summary>Finished with an error.</summary>
    Failed = 3,
    /// <summary>Stopped on request.</summary>
    Cancelled = 4,
}
