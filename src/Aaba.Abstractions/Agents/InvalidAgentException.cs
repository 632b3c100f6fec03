using System.Collections.Immutable;

namespace Aaba.Abstractions.Agents;

/// <summary>An agent registration was refused; <see cref="Errors"/> maps each field (JSON path) to its problems.</summary>
[GenerateSerializer, Alias("aaba.invalid-agent")]
public sealed class InvalidAgentException(ImmutableDictionary<string, string[]> errors)
    : Exception("The agent registration is not valid.")
{
    /// <summary>Problems by field.</summary>
    [Id(0)]
    public ImmutableDictionary<string, string[]> Errors { get; } = errors;
}
