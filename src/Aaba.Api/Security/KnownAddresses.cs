using System.Collections.Concurrent;

namespace Aaba.Api.Security;

/// <summary>The (key, address) pairs this process has already seen, so only a first use asks the store; bounded.</summary>
internal sealed class KnownAddresses
{
    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<(string KeyId, string Address), byte> _seen = new();

    public bool FirstTimeHere(string keyId, string address)
    {
        if (_seen.Count >= MaxEntries)
        {
            _seen.Clear();
        }
        return _seen.TryAdd((keyId, address), 0);
    }

    public void Forget(string keyId, string address) => _seen.TryRemove((keyId, address), out _);
}
