namespace Aaba.Abstractions.Tasks;

/// <summary>An idempotency key was already used for a different request; nothing was created.</summary>
[GenerateSerializer, Alias("aaba.idempotency-key-reused")]
public sealed class IdempotencyKeyReusedException(string idempotencyKey, TaskId existingTask)
    : Exception($"The Idempotency-Key '{idempotencyKey}' was already used for a different request (task {existingTask}). Use a new key for a new request.")
{
    /// <summary>The key.</summary>
    [Id(0)]
    public string IdempotencyKey { get; } = idempotencyKey;

    /// <summary>The task the key belongs to.</summary>
    [Id(1)]
    public TaskId ExistingTask { get; } = existingTask;
}
