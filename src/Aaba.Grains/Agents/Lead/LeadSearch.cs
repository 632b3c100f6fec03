namespace Aaba.Grains.Agents.Lead;

/// <summary>Searches every configured <see cref="ILeadSource"/> and merges the matches into one ranking.</summary>
public sealed class LeadSearch(IEnumerable<ILeadSource> sources)
{
    public async Task<IReadOnlyList<RankedLead>> SearchAsync(LeadQuery query, CancellationToken cancellationToken)
    {
        var found = await Task.WhenAll(sources.Select(source => source.SearchAsync(query, cancellationToken)));
        return found.SelectMany(batch => batch)
            .DistinctBy(ranked => ranked.Lead.Url)
            .OrderByDescending(ranked => ranked.Score)
            .ThenByDescending(ranked => ranked.Lead.PostedAt)
            .ThenBy(ranked => ranked.Lead.Id, StringComparer.Ordinal)
            .Take(query.Limit)
            .ToList();
    }

    public async Task<Lead?> FindAsync(string url, CancellationToken cancellationToken)
    {
        foreach (var source in sources)
        {
            if (await source.FindAsync(url, cancellationToken) is { } lead)
            {
                return lead;
            }
        }
        return null;
    }
}
