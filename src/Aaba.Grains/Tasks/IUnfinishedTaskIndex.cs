using Aaba.Abstractions.Tasks;

namespace Aaba.Grains.Tasks;

/// <summary>
/// The durable set of tasks that have not reached a terminal status. A task is added before its 202 and removed
/// after its terminal write; the recovery sweep walks it to restart tasks whose silo died.
/// </summary>
public interface IUnfinishedTaskIndex
{
    Task AddAsync(TaskId id, DateTimeOffset createdAt);

    Task RemoveAsync(TaskId id);

    /// <summary>Up to <paramref name="max"/> unfinished tasks created before <paramref name="createdBefore"/>, oldest first.</summary>
    Task<IReadOnlyList<TaskId>> ListAsync(DateTimeOffset createdBefore, int max);
}
