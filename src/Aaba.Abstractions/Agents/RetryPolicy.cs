using System.Collections.Immutable;

namespace Aaba.Abstractions.Agents;

/// <summary>
/// When a failed attempt is tried again: only for <see cref="TransientErrorCodes"/>, up to <see cref="MaxAttempts"/>
/// attempts in all, after a <see cref="Backoff"/> between <see cref="InitialDelay"/> and <see cref="MaxDelay"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("aaba.retry-policy")]
public sealed record RetryPolicy(
    [property: Id(0)] int MaxAttempts,
    [property: Id(1)] TimeSpan InitialDelay,
    [property: Id(2)] TimeSpan MaxDelay,
    [property: Id(3)] ImmutableArray<string> TransientErrorCodes)
{
    /// <summary>No retries: the first failure is final.</summary>
    public static RetryPolicy None { get; } = new(1, TimeSpan.Zero, TimeSpan.Zero, []);

    /// <summary>The delay before attempt <paramref name="nextAttempt"/> (2 or more), with <paramref name="jitter"/> between 0 and 1.</summary>
    public TimeSpan DelayBefore(int nextAttempt, double jitter) => new Backoff(InitialDelay, MaxDelay).Delay(nextAttempt - 2, jitter);
}
