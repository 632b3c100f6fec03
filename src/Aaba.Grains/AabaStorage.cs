namespace Aaba.Grains;

/// <summary>
/// The grain storage provider names. Idempotency keys expire after a day; the registry never does. Tasks are not here:
/// they have their own store (<see cref="Tasks.RedisTaskStore"/>), which writes a task and its index in one round trip.
/// </summary>
public static class AabaStorage
{
    /// <summary>Idempotency keys: written with a 24-hour time-to-live.</summary>
    public const string Idempotency = "idempotency";

    /// <summary>How long an idempotency key is remembered.</summary>
    public static readonly TimeSpan IdempotencyKeyLifetime = TimeSpan.FromHours(24);

    /// <summary>Registry and other long-lived state.</summary>
    public const string Registry = "registry";
}
