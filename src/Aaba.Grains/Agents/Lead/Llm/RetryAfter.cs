using System.Globalization;
using Aaba.Abstractions;

namespace Aaba.Grains.Agents.Lead.Llm;

/// <summary>
/// How long to wait before retrying a model call: what the server asked for (Retry-After in seconds or as an HTTP
/// date, or OpenAI's retry-after-ms), clamped to [0, max], or exponential backoff with jitter when the server asked
/// for nothing usable. A negative, non-numeric or absurd value never fails a task.
/// </summary>
public static class RetryAfter
{
    public static TimeSpan Delay(string? retryAfterMs, string? retryAfter, int retry, TimeSpan max, DateTimeOffset now) =>
        Requested(retryAfterMs, retryAfter, max, now) ?? Min(Backoff(retry), max);

    /// <summary>The server's wait clamped to <paramref name="max"/>, or null when it gave none that makes sense.</summary>
    public static TimeSpan? Requested(string? retryAfterMs, string? retryAfter, TimeSpan max, DateTimeOffset now)
    {
        if (Number(retryAfterMs) is { } milliseconds)
        {
            // Compared before converting: a huge value would overflow TimeSpan.
            return milliseconds >= max.TotalMilliseconds ? max : TimeSpan.FromMilliseconds(milliseconds);
        }
        if (Number(retryAfter) is { } seconds)
        {
            return seconds >= max.TotalSeconds ? max : TimeSpan.FromSeconds(seconds);
        }
        var numeric = double.TryParse(retryAfter, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
        if (retryAfter is not null && !numeric && DateTimeOffset.TryParse(retryAfter, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            var wait = at - now;
            return wait <= TimeSpan.Zero ? TimeSpan.Zero : Min(wait, max);
        }
        return null;
    }

    /// <summary>Aaba's backoff from a 0.5 s window: 0.25-0.5 s, 0.5-1 s, 1-2 s…</summary>
    public static TimeSpan Backoff(int retry) => ModelBackoff.Delay(retry);

    private static readonly Backoff ModelBackoff = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromMinutes(5));

    private static double? Number(string? value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) && number >= 0
            ? number
            : null;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
