using Aaba.Abstractions.Security;

namespace Aaba.Abstractions.Tasks;

/// <summary>
/// Finds tasks again without activating them: listings and counts read the task index (a page of 100 tasks is one
/// index read). A stateless worker, so every silo answers locally; reach it with
/// <see cref="GrainFactoryExtensions.GetTaskQueries"/>.
/// </summary>
[Alias("aaba.task-queries")]
public interface ITaskQueryGrain : IGrainWithStringKey
{
    /// <summary>One page of the query's tenant's tasks, newest first. Pages neither skip nor repeat tasks while new ones are added.</summary>
    /// <exception cref="StorageUnavailableException">The task store did not answer.</exception>
    [Alias("list")]
    Task<TaskPage> ListAsync(TaskQuery query);

    /// <summary>The tenant's tasks per agent and state.</summary>
    /// <exception cref="StorageUnavailableException">The task store did not answer.</exception>
    [Alias("count")]
    Task<TaskCounts> CountAsync(TenantId tenant);

    /// <summary>
    /// The tenant's finished tasks per minute and agent, <paramref name="minutes"/> minutes (1 to
    /// <see cref="TaskActivity.MaxMinutes"/>) from the whole minute <paramref name="from"/>: counts from the index, no task read.
    /// </summary>
    /// <exception cref="StorageUnavailableException">The task store did not answer.</exception>
    [Alias("activity")]
    Task<TaskActivity> ActivityAsync(TenantId tenant, DateTimeOffset from, int minutes);

    /// <summary>The steps (child tasks) of pipeline task <paramref name="parent"/>, in the order they were started; read it only after checking the caller may see the parent.</summary>
    /// <exception cref="StorageUnavailableException">The task store did not answer.</exception>
    [Alias("steps")]
    Task<IReadOnlyList<TaskSummary>> GetStepsAsync(TaskId parent);

    /// <summary>Whether the task store answers now, with its round-trip time; for readiness probes.</summary>
    [Alias("ping-storage")]
    Task<TimeSpan?> PingStorageAsync();
}
