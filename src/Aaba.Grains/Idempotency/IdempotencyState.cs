namespace Aaba.Grains.Idempotency;

/// <summary>The request fingerprint and task an idempotency key is bound to.</summary>
[GenerateSerializer, Alias("aaba.idempotency-state")]
public sealed class IdempotencyState
{
    [Id(0)] public string Fingerprint { get; set; } = "";
    [Id(1)] public string TaskId { get; set; } = "";
}
