namespace Aaba.Api.Tasks;

/// <summary>One page of tasks, newest first; pass <see cref="NextCursor"/> as <c>cursor</c> for the next (null: no more).</summary>
public sealed record TaskPage(IReadOnlyList<TaskSummary> Items, string? NextCursor);
