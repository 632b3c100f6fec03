namespace Aaba.Abstractions.Tasks;

/// <summary>One attempt at delivering a signed webhook: when, how it ended (the receiver's HTTP status, or why there was none), how long it took.</summary>
/// <param name="Attempt">1 for the first try.</param>
/// <param name="At">When it was sent.</param>
/// <param name="StatusCode">The receiver's HTTP status; null when no answer came.</param>
/// <param name="Error">Why it did not count as delivered (null when it did).</param>
/// <param name="DurationMs">How long the request took.</param>
[GenerateSerializer, Immutable, Alias("aaba.webhook-delivery")]
public sealed record WebhookDelivery(
    [property: Id(0)] int Attempt,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] int? StatusCode,
    [property: Id(3)] string? Error,
    [property: Id(4)] double DurationMs)
{
    /// <summary>A 2xx answer.</summary>
    public bool Delivered => StatusCode is >= 200 and < 300;
}
