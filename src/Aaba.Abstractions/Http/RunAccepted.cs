using System.Text.Json.Serialization;
using Aaba.Abstractions.Tasks;

namespace Aaba.Abstractions.Http;

/// <summary>The 202 answer to a run request: the task is persisted and will run.</summary>
/// <param name="TaskId">The new (or, for a replayed idempotency key, the existing) task.</param>
/// <param name="Agent">The agent it runs.</param>
/// <param name="Status">Its status when accepted.</param>
/// <param name="StatusUrl">Where to read it.</param>
public sealed record RunAccepted(TaskId TaskId, string Agent, AgentTaskStatus Status, string StatusUrl)
{
    /// <summary>
    /// True when an <c>Idempotency-Key</c> was used before for the same request, so this is that earlier task
    /// (the <c>Idempotent-Replayed: true</c> header over HTTP; not part of the body).
    /// </summary>
    [JsonIgnore]
    public bool Replayed { get; init; }

    /// <summary>The answer for a task just started (or found again).</summary>
    public static RunAccepted From(TaskSnapshot task, bool replayed = false) =>
        new(task.Id, task.Agent, task.Status, AabaRoutes.Task(task.Id)) { Replayed = replayed };
}
