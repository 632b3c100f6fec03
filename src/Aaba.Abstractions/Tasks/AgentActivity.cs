using System.Collections.Immutable;

namespace Aaba.Abstractions.Tasks;

/// <summary>One agent's finished tasks per minute (see <see cref="TaskActivity"/>), oldest minute first.</summary>
/// <param name="Succeeded">Tasks that succeeded, per minute.</param>
/// <param name="Failed">Tasks that failed, per minute.</param>
/// <param name="Cancelled">Tasks that were cancelled, per minute.</param>
[GenerateSerializer, Immutable, Alias("aaba.agent-activity")]
public sealed record AgentActivity(
    [property: Id(0)] ImmutableArray<long> Succeeded,
    [property: Id(1)] ImmutableArray<long> Failed,
    [property: Id(2)] ImmutableArray<long> Cancelled);
