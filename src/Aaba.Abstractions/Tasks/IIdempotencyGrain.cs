namespace Aaba.Abstractions.Tasks;

/// <summary>
/// Remembers which task an <c>Idempotency-Key</c> created (for 24 hours), keyed by the key. One activation per key
/// serializes concurrent duplicates, so however many arrive at once, across API processes, one task is created.
/// </summary>
[Alias("aaba.idempotency")]
public interface IIdempotencyGrain : IGrainWithStringKey
{
    /// <summary>
    /// The task this key belongs to: <paramref name="candidate"/> if the key is new (it is then bound to it), otherwise
    /// the task bound earlier; <see cref="IdempotencyClaim.Matches"/> says whether the request fingerprint is the same.
    /// </summary>
    [Alias("claim")]
    Task<IdempotencyClaim> ClaimAsync(string fingerprint, TaskId candidate);

    /// <summary>Unbinds the key if it is still bound to <paramref name="taskId"/>: that request was rejected, so the key may be used again.</summary>
    [Alias("release")]
    Task ReleaseAsync(TaskId taskId);
}
