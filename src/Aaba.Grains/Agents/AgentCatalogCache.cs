using Aaba.Abstractions;
using Aaba.Abstractions.Agents;
using Microsoft.Extensions.Options;

namespace Aaba.Grains.Agents;

/// <summary>
/// This silo's copy of the agent registry, so the per-task path never calls the single orchestrator activation.
/// Refreshed when older than <see cref="AgentCatalogOptions.MaxAge"/>, and at once (at most once a second) when a
/// name is missing, so a newly registered agent is usable immediately.
/// </summary>
public sealed class AgentCatalogCache(IGrainFactory grains, TimeProvider time, IOptions<AgentCatalogOptions> options)
{
    private static readonly TimeSpan MissRefreshInterval = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private volatile CachedCatalog? _cached;

    public async ValueTask<AgentDescriptor?> FindAsync(string name)
    {
        var cached = _cached;
        if (cached is null || time.GetUtcNow() - cached.FetchedAt > options.Value.MaxAge)
        {
            cached = await RefreshAsync(cached);
        }
        var found = cached.Catalog.Find(name);
        if (found is null && time.GetUtcNow() - cached.FetchedAt > MissRefreshInterval)
        {
            found = (await RefreshAsync(cached)).Catalog.Find(name);
        }
        return found;
    }

    private async Task<CachedCatalog> RefreshAsync(CachedCatalog? seen)
    {
        await _refreshGate.WaitAsync();
        try
        {
            // Another caller may have refreshed while we waited: one fetch serves them all.
            if (!ReferenceEquals(_cached, seen) && _cached is { } fresher)
            {
                return fresher;
            }
            var catalog = await grains.GetOrchestrator().GetCatalogAsync();
            var refreshed = new CachedCatalog(catalog, time.GetUtcNow());
            _cached = refreshed;
            return refreshed;
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    private sealed record CachedCatalog(AgentCatalog Catalog, DateTimeOffset FetchedAt);
}
