using System.Collections.Immutable;

namespace Aaba.Abstractions.Tasks;

/// <summary>One page of tasks, newest first; <see cref="NextCursor"/> continues the listing (null: no more).</summary>
[GenerateSerializer, Immutable, Alias("aaba.task-page")]
public sealed record TaskPage([property: Id(0)] ImmutableArray<TaskSummary> Items, [property: Id(1)] TaskId? NextCursor);
