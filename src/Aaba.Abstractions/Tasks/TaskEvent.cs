namespace Aaba.Abstractions.Tasks;

/// <summary>
/// One thing that happened to a task: a status change (<c>status</c>) or a step the agent reported (<c>progress</c>).
/// Ids increase monotonically per task, so a watcher resumes after the last id it saw.
/// </summary>
[GenerateSerializer, Immutable, Alias("aaba.task-event")]
public sealed record TaskEvent(
    [property: Id(0)] long Id,
    [property: Id(1)] string Type,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string DataJson);
