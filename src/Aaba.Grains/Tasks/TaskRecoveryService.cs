using Aaba.Abstractions;
using Aaba.Abstractions.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aaba.Grains.Tasks;

/// <summary>
/// Finds tasks whose lease expired and has each checked by its task grain (<see cref="ITaskRunGrain.ResumeAsync"/>):
/// a run that is still alive keeps its task; a lost one (its silo died, its process was killed, it never reported)
/// is started again. It reads only expired leases, so a silo's idle cost does not grow with the tasks waiting on
/// their agents. A sole silo (embedded mode) recovers every unfinished task at start: their leases are its dead
/// predecessor's. Stops taking work when a clean shutdown begins.
/// </summary>
public sealed partial class TaskRecoveryService(
    RedisTaskStore store,
    ITaskIndex index,
    IGrainFactory grains,
    IOptions<TaskOptions> options,
    TimeProvider time,
    ILogger<TaskRecoveryService> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private const int ClaimBatch = 1000;
    private const int MaxParallelChecks = 32;
    private static readonly TimeSpan TrimInterval = TimeSpan.FromMinutes(10);
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(TaskRecoveryService), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    /// <summary>Takes no more work (a clean shutdown begins); the pass under way finishes.</summary>
    public Task StopTakingWorkAsync() => _stopping.CancelAsync();

    private Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        var settings = options.Value;
        using var timer = new PeriodicTimer(settings.RecoveryInterval, time);
        var everything = settings.SoleSilo;
        var lastTrim = DateTimeOffset.MinValue;
        do
        {
            try
            {
                await RecoverAsync(everything, stopping);
                everything = false;
                if (time.GetUtcNow() - lastTrim > TrimInterval)
                {
                    // Finished records expire by themselves (Redis TTL); their index entries go here.
                    await index.TrimAsync(time.GetUtcNow() - settings.Retention);
                    lastTrim = time.GetUtcNow();
                }
            }
            catch (Exception exception) when (!stopping.IsCancellationRequested)
            {
                LogRecoveryFailed(logger, exception);
            }
        }
        while (await WaitForNextTickAsync(timer, stopping));
    }

    /// <summary>
    /// One pass: claims expired leases (every unfinished task when <paramref name="everything"/>) a batch at a time and
    /// has each task checked. Returns how many were checked.
    /// </summary>
    public async Task<int> RecoverAsync(bool everything, CancellationToken cancellationToken)
    {
        var checkedCount = 0;
        var lease = options.Value.LeaseDuration;
        // A predecessor's leases end within one lease of now; a claim moves a task past that bound, so no pass takes it twice.
        var everythingBefore = time.GetUtcNow() + lease - TimeSpan.FromMilliseconds(1);
        IReadOnlyList<TaskId> claimed;
        do
        {
            var now = time.GetUtcNow();
            claimed = await store.ClaimExpiredAsync(everything ? everythingBefore : now, now + lease, ClaimBatch);
            await Parallel.ForEachAsync(
                claimed,
                new ParallelOptions { MaxDegreeOfParallelism = MaxParallelChecks, CancellationToken = cancellationToken },
                async (id, _) =>
                {
                    try
                    {
                        await grains.GetGrainWithKey<ITaskRunGrain>(id.ToString()).ResumeAsync();
                    }
                    catch (Exception exception)
                    {
                        // Its claim expires like a lease: the task is checked again then.
                        LogCheckFailed(logger, exception, id.ToString());
                    }
                });
            checkedCount += claimed.Count;
        }
        while (claimed.Count == ClaimBatch && !cancellationToken.IsCancellationRequested);
        if (checkedCount > 0)
        {
            LogRecovered(logger, checkedCount);
        }
        return checkedCount;
    }

    private static async Task<bool> WaitForNextTickAsync(PeriodicTimer timer, CancellationToken stopping)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stopping);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recovery checked {Count} task(s) whose lease had expired")]
    private static partial void LogRecovered(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovery pass failed; retrying at the next interval")]
    private static partial void LogRecoveryFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovery could not reach task {TaskId}; it is checked again when its claim expires")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception, string taskId);
}
