using Aaba.Abstractions.Tasks;

namespace Aaba.Grains.Tasks;

/// <summary>
/// Reads the listing indexes (all tasks, by agent, active, by terminal status) and the summaries hash that
/// <see cref="RedisTaskStore"/> writes with each task's record, so a page never scans or activates tasks.
/// </summary>
public interface ITaskIndex
{
    /// <summary>Summaries of tasks newest first, from the most specific index for the query.</summary>
    Task<TaskPage> ListAsync(TaskQuery query);

    /// <summary>Tasks per agent: active (queued or running) and per terminal status.</summary>
    Task<TaskCounts> CountAsync();

    /// <summary>Removes index entries and summaries of tasks created before <paramref name="createdBefore"/> (their records have expired).</summary>
    Task TrimAsync(DateTimeOffset createdBefore);

    /// <summary>The store's round-trip time.</summary>
    Task<TimeSpan> PingAsync();
}
