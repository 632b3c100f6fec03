namespace Aaba.Grains.Agents.Lead.Llm;

/// <summary>
/// A lead in a model-mode result: every fact as the tool returned it (the same fields as offline mode), plus the
/// model's judgement (<see cref="FitScore"/>, <see cref="Reason"/>).
/// </summary>
public sealed record LlmLead(
    string Id, string Title, string Source, string Url, LeadBudget Budget, IReadOnlyList<string> Skills,
    DateTimeOffset PostedAt, string Description, string? ClientCountry, double FitScore, string? Reason)
{
    public static LlmLead From(Lead lead, LeadPick pick) => new(
        lead.Id, lead.Title, lead.Source, lead.Url, lead.Budget, lead.Skills, lead.PostedAt, lead.Description, lead.ClientCountry,
        pick.FitScore, pick.Reason);
}
