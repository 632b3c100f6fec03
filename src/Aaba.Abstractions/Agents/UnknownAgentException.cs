namespace Aaba.Abstractions.Agents;

/// <summary>No agent is registered under <see cref="Agent"/>.</summary>
[GenerateSerializer, Alias("aaba.unknown-agent")]
public sealed class UnknownAgentException(string agent) : Exception($"No agent named '{agent}' is registered.")
{
    /// <summary>The name that was asked for.</summary>
    [Id(0)]
    public string Agent { get; } = agent;
}
