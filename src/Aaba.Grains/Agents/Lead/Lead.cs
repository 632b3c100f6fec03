using System.Collections.Immutable;

namespace Aaba.Grains.Agents.Lead;

/// <summary>One job lead, as every lead source returns it.</summary>
public sealed record Lead(
    string Id,
    string Title,
    string Source,
    string Url,
    LeadBudget Budget,
    ImmutableArray<string> Skills,
    DateTimeOffset PostedAt,
    string Description,
    string? ClientCountry);
