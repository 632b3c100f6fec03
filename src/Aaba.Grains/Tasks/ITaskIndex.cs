using Aaba.Abstractions.Security;
using Aaba.Abstractions.Tasks;

namespace Aaba.Grains.Tasks;

/// <summary>
/// Reads the listing indexes (all tasks, by agent, active, by terminal status) and the summaries hash that
/// <see cref="RedisTaskStore"/> writes with each task's record, so a page never scans or activates tasks.
/// </summary>
public interface ITaskIndex
{
    /// <summary>Summaries of the query's tenant's tasks newest first, from the most specific index for the query.</summary>
    Task<TaskPage> ListAsync(TaskQuery query);

    /// <summary>The tenant's tasks per agent: active (queued or running) and per terminal status.</summary>
    Task<TaskCounts> CountAsync(TenantId tenant);

    /// <summary>The tenant's finished tasks per agent and creation minute, counted in the per-status sets (no summary read).</summary>
    Task<TaskActivity> ActivityAsync(TenantId tenant, DateTimeOffset from, int minutes);

    /// <summary>Removes index entries and summaries of every tenant's tasks created before <paramref name="createdBefore"/> whose records have expired.</summary>
    Task TrimAsync(DateTimeOffset createdBefore);

    /// <summary>The store's round-trip time.</summary>
    Task<TimeSpan> PingAsync();
}
