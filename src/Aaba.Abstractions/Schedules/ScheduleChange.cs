namespace Aaba.Abstractions.Schedules;

/// <summary>The schedule after a <c>PUT</c>, and whether the PUT created it (201) or changed it (200).</summary>
[GenerateSerializer, Immutable, Alias("aaba.schedule-change")]
public sealed record ScheduleChange([property: Id(0)] ScheduleView Schedule, [property: Id(1)] bool Created);
