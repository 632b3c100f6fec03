using System.Collections.Concurrent;
using Aaba.Abstractions;
using Aaba.Abstractions.Security;
using Microsoft.Extensions.Options;

namespace Aaba.Api.Security;

/// <summary>
/// This process's memory of keys it looked up (found or not), so a request costs no grain call. It is trusted only
/// while the store's revocation generation is the one last seen: <see cref="RevocationWatcher"/> checks it every
/// <see cref="AuthOptions.RevocationCheckInterval"/>, and a change (or a failed check) empties the cache, so a revoked
/// key stops working here within about that long. A lookup that raced a clear does not put its answer back.
/// </summary>
internal sealed class ApiKeyCache(IGrainFactory grains, IOptions<AuthOptions> options, TimeProvider time)
{
    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<string, (ApiKeyRecord? Key, DateTimeOffset Until)> _entries = new(StringComparer.Ordinal);
    private long _generation = -1;
    private long _clears;
    private volatile bool _trusted;

    public async ValueTask<ApiKeyRecord?> FindAsync(string keyHash)
    {
        var now = time.GetUtcNow();
        if (_trusted && _entries.TryGetValue(keyHash, out var entry) && entry.Until > now)
        {
            return entry.Key;
        }
        var clears = Interlocked.Read(ref _clears);
        var key = await grains.GetAccessKeys().FindAsync(keyHash);
        if (_trusted && Interlocked.Read(ref _clears) == clears)
        {
            if (_entries.Count >= MaxEntries)
            {
                Clear();
            }
            _entries[keyHash] = (key, now + options.Value.KeyCacheTtl);
        }
        return key;
    }

    /// <summary>Asks the store for the revocation generation; empties the cache when it moved or cannot be read.</summary>
    public async Task CheckGenerationAsync()
    {
        long generation;
        try
        {
            generation = await grains.GetAccessKeys().GetGenerationAsync();
        }
        catch
        {
            _trusted = false;
            Clear();
            throw;
        }
        if (generation != Interlocked.Read(ref _generation))
        {
            Clear();
            Interlocked.Exchange(ref _generation, generation);
        }
        _trusted = true;
    }

    /// <summary>Forgets everything, at once (this process revoked a key, or the generation moved).</summary>
    public void Clear()
    {
        Interlocked.Increment(ref _clears);
        _entries.Clear();
    }
}
