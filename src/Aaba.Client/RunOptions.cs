namespace Aaba.Client;

/// <summary>How to run one task.</summary>
public sealed record RunOptions
{
    /// <summary>
    /// Makes the run safe to send again: the same key with the same request returns the same task (never a second
    /// run), the same key with another request is a conflict. Keys are kept 24 hours; 1–200 visible ASCII characters.
    /// </summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>This run's time limit (1 s to 1 h, whole seconds; default: the agent's). Exceeded: the task fails with <c>timeout</c>.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary><see cref="Timeout"/> as whole seconds, rounded up, as both transports send it.</summary>
    internal int? TimeoutSeconds => Timeout is { } timeout ? (int)Math.Ceiling(timeout.TotalSeconds) : null;
}
