using Aaba.Abstractions.Tasks;

namespace Aaba.Grains.Tasks;

/// <summary>
/// The durable indexes over tasks: the unfinished set the recovery sweep walks, and the listing sets
/// (all tasks, by agent, by terminal status) that <c>GET /tasks</c> pages through without scanning or
/// activating every task. Written by <see cref="RedisTaskStore"/> together with each task's record, so a stored task
/// is always indexed; read here.
/// </summary>
public interface ITaskIndex
{
    /// <summary>Drops a leftover unfinished entry (its task's record expired first).</summary>
    Task ForgetUnfinishedAsync(TaskId id);

    /// <summary>Unfinished tasks created before <paramref name="createdBefore"/>, oldest first: <paramref name="max"/> of them after skipping <paramref name="skip"/>.</summary>
    Task<IReadOnlyList<TaskId>> ListUnfinishedAsync(DateTimeOffset createdBefore, int skip, int max);

    /// <summary>Task ids newest first, filtered by the most specific index for the query.</summary>
    Task<IReadOnlyList<TaskId>> ListAsync(TaskIndexQuery query);

    /// <summary>Tasks per agent: active (queued or running) and per terminal status.</summary>
    Task<IReadOnlyList<TaskCount>> CountAsync();

    /// <summary>Removes index entries of tasks created before <paramref name="createdBefore"/> (their state has expired).</summary>
    Task TrimAsync(DateTimeOffset createdBefore);
}
