using Aaba.Abstractions.Tasks;

namespace Aaba.Abstractions.Http;

/// <summary>One page of tasks, newest first; pass <see cref="NextCursor"/> as <c>cursor</c> for the next (null: no more).</summary>
/// <param name="Items">The tasks of this page.</param>
/// <param name="NextCursor">Where the next page starts; null on the last page.</param>
public sealed record TaskListPage(IReadOnlyList<TaskListItem> Items, TaskId? NextCursor)
{
    /// <summary>The JSON form of <paramref name="page"/>.</summary>
    public static TaskListPage From(TaskPage page) => new([.. page.Items.Select(TaskListItem.From)], page.NextCursor);

    /// <summary>The page this answer holds.</summary>
    public TaskPage ToPage() => new([.. (Items ?? []).Select(item => item.ToSummary())], NextCursor);
}
