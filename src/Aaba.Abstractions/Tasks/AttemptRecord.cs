namespace Aaba.Abstractions.Tasks;

/// <summary>One attempt that ended without finishing the task: when it ran and why it ended.</summary>
[GenerateSerializer, Immutable, Alias("aaba.attempt-record")]
public sealed record AttemptRecord(
    [property: Id(0)] int Attempt,
    [property: Id(1)] DateTimeOffset? StartedAt,
    [property: Id(2)] DateTimeOffset EndedAt,
    [property: Id(3)] TaskError Error);
