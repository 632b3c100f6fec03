using Aaba.Abstractions.Tasks;

namespace Aaba.Grains.Agents;

/// <summary>
/// How one agent attempt ended: a result (JSON) or an error, plus what the attempt used and did
/// (token usage, and the transcript of its model and tool calls as a JSON array) when the agent records them,
/// and the progress it reported that had not been sent yet.
/// </summary>
[GenerateSerializer, Immutable, Alias("aaba.agent-outcome")]
public sealed record AgentOutcome(
    [property: Id(0)] string? ResultJson,
    [property: Id(1)] TaskError? Error,
    [property: Id(2)] TaskUsage? Usage = null,
    [property: Id(3)] string? TranscriptJson = null,
    [property: Id(4)] IReadOnlyList<ProgressReport>? Progress = null)
{
    /// <summary>A successful attempt.</summary>
    public static AgentOutcome Success(string resultJson) => new(resultJson, null);

    /// <summary>A failed attempt.</summary>
    public static AgentOutcome Failure(string code, string message) => new(null, new TaskError(code, message));
}
