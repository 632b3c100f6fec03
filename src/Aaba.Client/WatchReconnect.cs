using Aaba.Abstractions;

namespace Aaba.Client;

/// <summary>
/// How a watch rides out an Aaba it cannot reach for a while (a restart, a rolling deploy, a failover): it tries again
/// after a growing wait, for up to <see cref="MaxOutage"/> without receiving an event, then gives up.
/// </summary>
internal sealed class WatchReconnect(TimeProvider time)
{
    /// <summary>The longest a watch keeps trying without an event getting through.</summary>
    public static readonly TimeSpan MaxOutage = TimeSpan.FromMinutes(1);

    private static readonly Backoff Backoff = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5));
    private int _failures;
    private DateTimeOffset? _since;

    /// <summary>A failure: the wait before trying again, or null when the outage has lasted too long.</summary>
    public TimeSpan? NextDelay()
    {
        var now = time.GetUtcNow();
        _since ??= now;
        return now - _since > MaxOutage ? null : Backoff.Delay(_failures++);
    }

    /// <summary>Something got through: the next failure starts a new outage.</summary>
    public void Succeeded()
    {
        _failures = 0;
        _since = null;
    }
}
