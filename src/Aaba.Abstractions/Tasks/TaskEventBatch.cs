using System.Collections.Immutable;

namespace Aaba.Abstractions.Tasks;

/// <summary>Events after a watcher's last id, and whether the task has finished (no more events will follow).</summary>
[GenerateSerializer, Immutable, Alias("aaba.task-event-batch")]
public sealed record TaskEventBatch([property: Id(0)] ImmutableArray<TaskEvent> Events, [property: Id(1)] bool Finished);
