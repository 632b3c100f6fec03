namespace Aaba.Grains.Agents.Lead;

/// <summary>A lead with how well it matched the query (higher is better).</summary>
public sealed record RankedLead(Lead Lead, int Score);
