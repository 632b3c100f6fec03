namespace Aaba.Abstractions;

/// <summary>
/// How Aaba waits before trying something again, everywhere (task retries, outcome reports, model calls, rejected grain
/// calls): a window that doubles from <see cref="Initial"/> up to <see cref="Max"/>, of which a random half is waited
/// ("equal jitter"), so retries neither hammer nor fall into step.
/// </summary>
/// <param name="Initial">The window before the first retry.</param>
/// <param name="Max">The largest window.</param>
public sealed record Backoff(TimeSpan Initial, TimeSpan Max)
{
    /// <summary>The wait before retry <paramref name="retry"/> (0 for the first), with <paramref name="jitter"/> between 0 and 1.</summary>
    public TimeSpan Delay(int retry, double jitter)
    {
        var window = Math.Min(Initial.TotalMilliseconds * Math.Pow(2, Math.Clamp(retry, 0, 30)), Max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(window * (0.5 + Math.Clamp(jitter, 0, 1) / 2));
    }

    /// <summary>The wait before retry <paramref name="retry"/>, jittered at random.</summary>
    public TimeSpan Delay(int retry) => Delay(retry, Random.Shared.NextDouble());
}
