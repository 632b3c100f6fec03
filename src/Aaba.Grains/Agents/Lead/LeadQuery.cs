using System.Collections.Immutable;

namespace Aaba.Grains.Agents.Lead;

/// <summary>What to search for: free-text words matched against titles, skills and descriptions.</summary>
/// <param name="Query">The client's words, e.g. "python django".</param>
/// <param name="Sources">Only leads from these boards; all boards when empty.</param>
/// <param name="Limit">At most this many leads.</param>
public sealed record LeadQuery(string Query, ImmutableArray<string> Sources, int Limit);
