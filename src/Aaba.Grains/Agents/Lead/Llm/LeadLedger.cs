using System.Collections.Concurrent;

namespace Aaba.Grains.Agents.Lead.Llm;

/// <summary>
/// Every lead a tool returned during one run, by URL and by id: the only place a lead's facts may come from.
/// Parallel tool calls may write at once.
/// </summary>
public sealed class LeadLedger
{
    private readonly ConcurrentDictionary<string, Lead> _byUrl = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Lead> _byId = new(StringComparer.OrdinalIgnoreCase);
    private int _consulted;

    /// <summary>True once a tool call actually consulted the lead sources (a search ran, or a lookup found its lead).</summary>
    public bool Consulted => Volatile.Read(ref _consulted) == 1;

    public int Count => _byUrl.Count;

    public void MarkConsulted() => Volatile.Write(ref _consulted, 1);

    public void Add(Lead lead)
    {
        _byUrl[Normalize(lead.Url)] = lead;
        _byId[lead.Id] = lead;
    }

    /// <summary>The lead a tool returned under <paramref name="url"/> (or, failing that, <paramref name="id"/>), or null.</summary>
    public Lead? Find(string? url, string? id)
    {
        if (!string.IsNullOrWhiteSpace(url) && _byUrl.TryGetValue(Normalize(url), out var byUrl))
        {
            return byUrl;
        }
        return !string.IsNullOrWhiteSpace(id) && _byId.TryGetValue(id.Trim(), out var byId) ? byId : null;
    }

    /// <summary>Models copy URLs with stray spaces or a trailing slash; neither makes it another lead.</summary>
    private static string Normalize(string url) => url.Trim().TrimEnd('/');
}
