using System.Collections.Immutable;

namespace Aaba.Abstractions.Tasks;

/// <summary>The agent's input failed validation; <see cref="Errors"/> maps each field (JSON name) to its problems.</summary>
[GenerateSerializer, Alias("aaba.invalid-task-input")]
public sealed class InvalidTaskInputException(ImmutableDictionary<string, string[]> errors)
    : Exception("The input is not valid for this agent.")
{
    /// <summary>Problems by field name.</summary>
    [Id(0)]
    public ImmutableDictionary<string, string[]> Errors { get; } = errors;
}
