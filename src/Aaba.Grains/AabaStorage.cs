namespace Aaba.Grains;

/// <summary>The grain storage provider names. Tasks expire after their retention period; the registry never does.</summary>
public static class AabaStorage
{
    /// <summary>Task state: written with a time-to-live equal to the retention period.</summary>
    public const string Tasks = "tasks";

    /// <summary>Idempotency keys: written with a 24-hour time-to-live.</summary>
    public const string Idempotency = "idempotency";

    /// <summary>How long an idempotency key is remembered.</summary>
    public static readonly TimeSpan IdempotencyKeyLifetime = TimeSpan.FromHours(24);

    /// <summary>Registry and other long-lived state.</summary>
    public const string Registry = "registry";
}
