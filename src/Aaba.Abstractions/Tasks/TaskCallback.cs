using System.Collections.Immutable;

namespace Aaba.Abstractions.Tasks;

/// <summary>
/// A task's completion webhook: where its terminal status is POSTed (signed per Standard Webhooks), whether that
/// happened, and every delivery attempt. Retried with backoff for up to a day after the task finished.
/// </summary>
/// <param name="Url">The <c>callback_url</c> of the run request.</param>
/// <param name="Status"><see cref="Pending"/>, <see cref="Delivered"/> or <see cref="Failed"/> (gave up).</param>
/// <param name="Deliveries">Every attempt so far, oldest first.</param>
/// <param name="NextAttemptAt">When the next attempt is due, while pending after a failure.</param>
[GenerateSerializer, Immutable, Alias("aaba.task-callback")]
public sealed record TaskCallback(
    [property: Id(0)] string Url,
    [property: Id(1)] string Status,
    [property: Id(2)] ImmutableArray<WebhookDelivery> Deliveries,
    [property: Id(3)] DateTimeOffset? NextAttemptAt = null)
{
    /// <summary>Not delivered yet: the task has not finished, or an attempt is due.</summary>
    public const string Pending = "pending";

    /// <summary>A receiver answered 2xx.</summary>
    public const string Delivered = "delivered";

    /// <summary>Given up: no 2xx within a day of the task's end (or the receiver refused it for good).</summary>
    public const string Failed = "failed";

    /// <summary>A callback not yet attempted.</summary>
    public static TaskCallback For(string url) => new(url, Pending, []);
}
