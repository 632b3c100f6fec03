using Aaba.Abstractions.Agents;

namespace Aaba.Abstractions.Http;

/// <summary>An agent's retry policy as JSON (<c>retry</c> in <c>PUT /agents/{name}</c> and its answer).</summary>
/// <param name="MaxAttempts">Attempts in all (1: no retry).</param>
/// <param name="InitialDelayS">The backoff's first window, in seconds.</param>
/// <param name="MaxDelayS">The backoff's largest window, in seconds.</param>
/// <param name="On">The error codes that are retried.</param>
public sealed record RetryResponse(int MaxAttempts, double InitialDelayS, double MaxDelayS, IReadOnlyList<string> On)
{
    /// <summary>The JSON form of <paramref name="retry"/>.</summary>
    public static RetryResponse From(RetryPolicy retry) =>
        new(retry.MaxAttempts, retry.InitialDelay.TotalSeconds, retry.MaxDelay.TotalSeconds, [.. retry.TransientErrorCodes]);
}
