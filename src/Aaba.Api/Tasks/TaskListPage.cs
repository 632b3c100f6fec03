using Aaba.Abstractions.Tasks;

namespace Aaba.Api.Tasks;

/// <summary>One page of tasks, newest first; pass <see cref="NextCursor"/> as <c>cursor</c> for the next (null: no more).</summary>
public sealed record TaskListPage(IReadOnlyList<TaskListItem> Items, string? NextCursor)
{
    public static TaskListPage From(TaskPage page) =>
        new([.. page.Items.Select(TaskListItem.From)], page.NextCursor?.ToString());
}
