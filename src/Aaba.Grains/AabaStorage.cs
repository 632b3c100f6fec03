namespace Aaba.Grains;

/// <summary>
/// The grain storage provider names (idempotency keys, which expire after a day). Tasks are not here: they have their
/// own store (<see cref="Tasks.RedisTaskStore"/>), which writes a task and its index in one round trip.
/// </summary>
public static class AabaStorage
{
    /// <summary>Idempotency keys: written with a 24-hour time-to-live.</summary>
    public const string Idempotency = "idempotency";

    /// <summary>How long an idempotency key is remembered.</summary>
    public static readonly TimeSpan IdempotencyKeyLifetime = TimeSpan.FromHours(24);
}
