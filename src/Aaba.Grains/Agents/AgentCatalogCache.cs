using Aaba.Abstractions;
using Aaba.Abstractions.Agents;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aaba.Grains.Agents;

/// <summary>
/// This silo's copy of the agent registry, so the per-task path never calls the single orchestrator activation.
/// A watch asks the registry every <see cref="AgentCatalogOptions.WatchInterval"/> whether its version moved (one
/// small call, answered without a catalog when nothing changed), so an agent registered, changed or retired on any
/// silo is seen here within a second. Refreshed too when older than <see cref="AgentCatalogOptions.MaxAge"/> (a
/// watch that keeps failing), and at once (at most once a second) when a name is missing.
/// </summary>
public sealed partial class AgentCatalogCache(IGrainFactory grains, TimeProvider time, IOptions<AgentCatalogOptions> options, ILogger<AgentCatalogCache> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly TimeSpan MissRefreshInterval = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private Task _watch = Task.CompletedTask;
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

    /// <summary>The catalog this silo holds now (fetched if it holds none yet).</summary>
    public async ValueTask<AgentCatalog> GetAsync() => (_cached ?? await RefreshAsync(null)).Catalog;

    /// <summary>Asks the registry whether its version moved, and takes the new catalog if so.</summary>
    public async Task CheckForChangesAsync()
    {
        var cached = _cached;
        var changed = await grains.GetOrchestrator().GetCatalogIfChangedAsync(cached?.Catalog.Version ?? -1);
        var now = time.GetUtcNow();
        if (changed is not null)
        {
            _cached = new CachedCatalog(changed, now);
        }
        else if (cached is not null && ReferenceEquals(_cached, cached))
        {
            _cached = cached with { FetchedAt = now };
        }
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(AgentCatalogCache), ServiceLifecycleStage.Active, StartWatching, StopWatchingAsync);

    private Task StartWatching(CancellationToken cancellationToken)
    {
        _watch = Task.Run(() => WatchAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task StopWatchingAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _watch.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task WatchAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(options.Value.WatchInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                try
                {
                    await CheckForChangesAsync();
                }
                catch (Exception exception) when (!stopping.IsCancellationRequested)
                {
                    // The next tick tries again; meanwhile this silo runs with the catalog it has.
                    LogWatchFailed(logger, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The silo stops.
        }
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

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not ask the agent registry for changes; trying again at the next tick")]
    private static partial void LogWatchFailed(ILogger logger, Exception exception);

    private sealed record CachedCatalog(AgentCatalog Catalog, DateTimeOffset FetchedAt);
}
