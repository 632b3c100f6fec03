using System.Collections.Immutable;
using Aaba.Abstractions.Tasks;

namespace Aaba.Abstractions.Http;

/// <summary>Task counts per agent: <c>active</c> (queued or running), <c>succeeded</c>, <c>failed</c>, <c>cancelled</c>.</summary>
/// <param name="Agents">Counts by agent name, then by state.</param>
public sealed record TaskStats(IReadOnlyDictionary<string, ImmutableSortedDictionary<string, long>> Agents)
{
    /// <summary>The JSON form of <paramref name="counts"/>.</summary>
    public static TaskStats From(TaskCounts counts) => new(counts.ByAgent);

    /// <summary>The counts this answer holds.</summary>
    public TaskCounts ToCounts() => new((Agents ?? ImmutableSortedDictionary<string, ImmutableSortedDictionary<string, long>>.Empty).ToImmutableSortedDictionary());
}
