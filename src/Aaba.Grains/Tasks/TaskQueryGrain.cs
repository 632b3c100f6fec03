using Aaba.Abstractions.Security;
using Aaba.Abstractions.Tasks;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Aaba.Grains.Tasks;

/// <summary>Listings and counts over the task index, one tenant's at a time; a stateless worker, so each silo answers from its own activations.</summary>
[StatelessWorker]
public sealed partial class TaskQueryGrain(ITaskIndex index, Agents.Pipeline.PipelineStepStore steps, ILogger<TaskQueryGrain> logger) : Grain, ITaskQueryGrain
{
    public Task<IReadOnlyList<TaskSummary>> GetStepsAsync(TaskId parent) => GuardAsync(() => steps.ListAsync(parent));

    public Task<TaskPage> ListAsync(TaskQuery query) => GuardAsync(() => index.ListAsync(query));

    public Task<TaskCounts> CountAsync(TenantId tenant) => GuardAsync(() => index.CountAsync(tenant));

    public Task<TaskActivity> ActivityAsync(TenantId tenant, DateTimeOffset from, int minutes) =>
        minutes is < 1 or > TaskActivity.MaxMinutes
            ? throw new ArgumentOutOfRangeException(nameof(minutes), minutes, $"Must be between 1 and {TaskActivity.MaxMinutes}.")
            : GuardAsync(() => index.ActivityAsync(tenant, from, minutes));

    public async Task<TimeSpan?> PingStorageAsync()
    {
        try
        {
            return await index.PingAsync();
        }
        catch (Exception exception)
        {
            LogStorageFailed(logger, exception);
            return null;
        }
    }

    private async Task<T> GuardAsync<T>(Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (Exception exception) when (exception is StackExchange.Redis.RedisException or TimeoutException)
        {
            LogStorageFailed(logger, exception);
            throw new StorageUnavailableException("The task store is unavailable; retry shortly.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The task index could not be read")]
    private static partial void LogStorageFailed(ILogger logger, Exception exception);
}
