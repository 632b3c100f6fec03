namespace Aaba.Abstractions.Agents.Lead;

/// <summary>A lead as offline results and the model's tools show it, with its match <see cref="Score"/> when ranked.</summary>
/// <param name="Id">The lead's id in its source.</param>
/// <param name="Title">The job's title.</param>
/// <param name="Source">The board it was posted on.</param>
/// <param name="Url">Where it was posted.</param>
/// <param name="Budget">What it pays.</param>
/// <param name="Skills">The skills it asks for.</param>
/// <param name="PostedAt">When it was posted.</param>
/// <param name="Description">The job's description.</param>
/// <param name="ClientCountry">Where the client is, when known.</param>
/// <param name="Score">How well it matched the query (higher is better); null where not ranked.</param>
public sealed record LeadView(
    string Id, string Title, string Source, string Url, LeadBudget Budget, IReadOnlyList<string> Skills,
    DateTimeOffset PostedAt, string Description, string? ClientCountry, int? Score) : ILead;
