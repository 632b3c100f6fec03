namespace Aaba.Abstractions.Tasks;

/// <summary>How one agent attempt ended: a result (JSON) or an error.</summary>
[GenerateSerializer, Immutable, Alias("aaba.agent-outcome")]
public sealed record AgentOutcome([property: Id(0)] string? ResultJson, [property: Id(1)] TaskError? Error)
{
    /// <summary>A successful attempt.</summary>
    public static AgentOutcome Success(string resultJson) => new(resultJson, null);

    /// <summary>A failed attempt.</summary>
    public static AgentOutcome Failure(string code, string message) => new(null, new TaskError(code, message));
}
