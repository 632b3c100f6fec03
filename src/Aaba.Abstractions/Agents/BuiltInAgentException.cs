namespace Aaba.Abstractions.Agents;

/// <summary>A built-in agent (or one of its names) cannot be changed or retired through the API.</summary>
[GenerateSerializer, Alias("aaba.built-in-agent")]
public sealed class BuiltInAgentException(string agent) : Exception($"'{agent}' is a built-in agent; it cannot be changed or retired.")
{
    /// <summary>The name that was asked for.</summary>
    [Id(0)]
    public string Agent { get; } = agent;
}
