using System.Collections.Immutable;

namespace Aaba.Api.Tasks;

/// <summary>Task counts per agent: <c>active</c> (queued or running), <c>succeeded</c>, <c>failed</c>, <c>cancelled</c>.</summary>
public sealed record TaskStats(IReadOnlyDictionary<string, ImmutableSortedDictionary<string, long>> Agents);
