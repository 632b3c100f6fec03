namespace Aaba.Grains.Agents.Lead;

/// <summary>
/// Somewhere leads come from (the bundled catalogue; job feeds and live boards later). The offline agent merges
/// every source's matches; the LLM agent exposes the same search to the model as a tool.
/// </summary>
public interface ILeadSource
{
    /// <summary>Leads matching <paramref name="query"/>, best first, at most <see cref="LeadQuery.Limit"/>.</summary>
    Task<IReadOnlyList<RankedLead>> SearchAsync(LeadQuery query, CancellationToken cancellationToken);

    /// <summary>The lead at <paramref name="url"/>, or null when this source does not know it.</summary>
    Task<Lead?> FindAsync(string url, CancellationToken cancellationToken);
}
