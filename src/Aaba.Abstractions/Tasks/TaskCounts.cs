using System.Collections.Immutable;

namespace Aaba.Abstractions.Tasks;

/// <summary>Tasks per agent and state: <c>active</c> (queued or running), <c>succeeded</c>, <c>failed</c>, <c>cancelled</c>.</summary>
[GenerateSerializer, Immutable, Alias("aaba.task-counts")]
public sealed record TaskCounts([property: Id(0)] ImmutableSortedDictionary<string, ImmutableSortedDictionary<string, long>> ByAgent);
