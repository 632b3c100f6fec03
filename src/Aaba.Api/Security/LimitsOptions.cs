using System.ComponentModel.DataAnnotations;

namespace Aaba.Api.Security;

/// <summary>
/// Request rates per key and per address, and event streams per key, enforced by ASP.NET Core's rate limiter in
/// each API process (with M API processes a key may reach M times these). Not applied in open mode.
/// </summary>
public sealed class LimitsOptions
{
    public const string Section = "Aaba:Limits";

    /// <summary><c>AABA_RATE_LIMIT</c>: requests per second one key may make, on average (a token bucket).</summary>
    [Range(1, 1_000_000)]
    public int RequestsPerSecond { get; set; } = 100;

    /// <summary>Requests one key may make at once beyond its rate (the bucket's size).</summary>
    [Range(1, 1_000_000)]
    public int Burst { get; set; } = 200;

    /// <summary>Requests per second from one address without an accepted key (public probes aside): bounds key guessing and floods.</summary>
    [Range(1, 1_000_000)]
    public int AnonymousRequestsPerSecond { get; set; } = 10;

    /// <summary>The bucket size for requests without an accepted key.</summary>
    [Range(1, 1_000_000)]
    public int AnonymousBurst { get; set; } = 20;

    /// <summary><c>AABA_MAX_EVENT_STREAMS_PER_KEY</c>: event streams (SSE) one key may hold open at once.</summary>
    [Range(1, 100_000)]
    public int MaxEventStreamsPerKey { get; set; } = 10;
}
