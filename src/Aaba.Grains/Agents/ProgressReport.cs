namespace Aaba.Grains.Agents;

/// <summary>One progress step an agent reported: what it is doing, optional JSON details, and when it said so.</summary>
[GenerateSerializer, Immutable, Alias("aaba.progress-report")]
public sealed record ProgressReport(
    [property: Id(0)] string Message,
    [property: Id(1)] string? DataJson,
    [property: Id(2)] DateTimeOffset At);
