using System.Collections.Immutable;
using Aaba.Abstractions.Agents.Lead;
using Aaba.Grains.Agents.Lead.Llm;

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
    string? ClientCountry)
{
    /// <summary>The lead as results and tool outputs show it.</summary>
    public LeadView ToView(int? score = null) =>
        new(Id, Title, Source, Url, Budget, Skills, PostedAt, Description, ClientCountry, score);

    /// <summary>The lead as a model-mode result shows it: its facts and the model's judgement.</summary>
    public LlmLead ToLlmLead(LeadPick pick) =>
        new(Id, Title, Source, Url, Budget, Skills, PostedAt, Description, ClientCountry, pick.FitScore, pick.Reason);
}
