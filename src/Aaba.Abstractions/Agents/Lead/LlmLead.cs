namespace Aaba.Abstractions.Agents.Lead;

/// <summary>
/// A lead in a model-mode result: every fact as the tool returned it (the same fields as offline mode), plus the
/// model's judgement (<see cref="FitScore"/>, <see cref="Reason"/>).
/// </summary>
/// <param name="Id">The lead's id in its source.</param>
/// <param name="Title">The job's title.</param>
/// <param name="Source">The board it was posted on.</param>
/// <param name="Url">Where it was posted.</param>
/// <param name="Budget">What it pays.</param>
/// <param name="Skills">The skills it asks for.</param>
/// <param name="PostedAt">When it was posted.</param>
/// <param name="Description">The job's description.</param>
/// <param name="ClientCountry">Where the client is, when known.</param>
/// <param name="FitScore">How well the model judges it fits the query, 0 to 100.</param>
/// <param name="Reason">Why, in the model's words.</param>
public sealed record LlmLead(
    string Id, string Title, string Source, string Url, LeadBudget Budget, IReadOnlyList<string> Skills,
    DateTimeOffset PostedAt, string Description, string? ClientCountry, double FitScore, string? Reason) : ILead;
