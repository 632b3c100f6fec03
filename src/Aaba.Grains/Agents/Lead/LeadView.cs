namespace Aaba.Grains.Agents.Lead;

/// <summary>A lead as results and tool outputs show it (snake_case JSON through <see cref="AabaJson"/>).</summary>
public sealed record LeadView(
    string Id, string Title, string Source, string Url, LeadBudget Budget, IReadOnlyList<string> Skills,
    DateTimeOffset PostedAt, string Description, string? ClientCountry, int? Score)
{
    public static LeadView From(Lead lead, int? score = null) => new(
        lead.Id, lead.Title, lead.Source, lead.Url, lead.Budget, lead.Skills, lead.PostedAt, lead.Description, lead.ClientCountry, score);
}
