namespace Aaba.Abstractions.Tasks;

/// <summary>The task an idempotency key is bound to, and whether the new request matches the one that bound it.</summary>
[GenerateSerializer, Immutable, Alias("aaba.idempotency-claim")]
public sealed record IdempotencyClaim([property: Id(0)] TaskId TaskId, [property: Id(1)] bool Matches);
