using System.Text.Json;
using Aaba.Abstractions.Tasks;

namespace Aaba.Grains.Agents.Lead;

/// <summary>
/// The lead agent's logic. Offline mode merges and re-ranks what every <see cref="ILeadSource"/> finds;
/// the LLM mode (a later step) drives the same sources as tools.
/// </summary>
public sealed class LeadAgent(IEnumerable<ILeadSource> sources)
{
    public async Task<string> RunAsync(string inputJson, CancellationToken cancellationToken)
    {
        LeadAgentInput.Read(inputJson, out var query);
        if (query is null)
        {
            throw new AgentException(TaskErrorCodes.InvalidInput, "The stored input is no longer valid for the lead agent.");
        }
        var found = await Task.WhenAll(sources.Select(source => source.SearchAsync(query, cancellationToken)));
        var leads = found.SelectMany(batch => batch)
            .DistinctBy(ranked => ranked.Lead.Url)
            .OrderByDescending(ranked => ranked.Score)
            .ThenByDescending(ranked => ranked.Lead.PostedAt)
            .ThenBy(ranked => ranked.Lead.Id, StringComparer.Ordinal)
            .Take(query.Limit)
            .Select(ranked => new LeadResult(ranked.Lead, ranked.Score))
            .ToList();
        return JsonSerializer.Serialize(new OfflineResult(query.Query, "offline", leads), AabaJson.Options);
    }

    private sealed record OfflineResult(string Query, string Mode, IReadOnlyList<LeadResult> Leads);

    private sealed record LeadResult(
        string Id, string Title, string Source, string Url, LeadBudget Budget, IReadOnlyList<string> Skills,
        DateTimeOffset PostedAt, string Description, string? ClientCountry, int Score)
    {
        public LeadResult(Lead lead, int score)
            : this(lead.Id, lead.Title, lead.Source, lead.Url, lead.Budget, lead.Skills, lead.PostedAt, lead.Description, lead.ClientCountry, score)
        {
        }
    }
}
