using Aaba.Abstractions;
using Aaba.Abstractions.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aaba.Grains.Tasks;

/// <summary>
/// The durable watchdog. Once this silo is active, and every sweep interval after, it walks the index of
/// unfinished tasks and pokes each one (<see cref="Abstractions.Tasks.ITaskGrain.ResumeAsync"/>). A task whose
/// activation is alive and running answers at once; one whose silo died or whose process restarted is activated
/// again and starts a new attempt. This gives recovery within seconds, where reminders fire at most once a minute.
/// </summary>
public sealed partial class TaskRecoveryService(
    ITaskIndex index,
    IGrainFactory grains,
    IOptions<TaskOptions> options,
    TimeProvider time,
    ILogger<TaskRecoveryService> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private const int PageSize = 1000;
    private const int MaxParallelPokes = 32;
    private const int TrimEverySweeps = 100;
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(TaskRecoveryService), ServiceLifecycleStage.Active, StartAsync, StopAsync);

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
        using var timer = new PeriodicTimer(options.Value.RecoverySweepInterval, time);
        var sweeps = 0L;
        do
        {
            try
            {
                await SweepAsync(stopping);
                if (sweeps++ % TrimEverySweeps == 0)
                {
                    // Task state expires by itself (Redis TTL); the index entries of expired tasks go here.
                    await index.TrimAsync(time.GetUtcNow() - options.Value.Retention);
                }
            }
            catch (Exception exception) when (!stopping.IsCancellationRequested)
            {
                LogSweepFailed(logger, exception);
            }
        }
        while (await WaitForNextTickAsync(timer, stopping));
    }

    /// <summary>One pass over every unfinished task older than the minimum age, a page at a time. Returns how many were poked.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - options.Value.RecoveryMinAge;
        var poked = 0;
        IReadOnlyList<TaskId> page;
        do
        {
            // Finished tasks leave the set while we walk it, so a later page may skip a few; the next sweep sees them.
            page = await index.ListUnfinishedAsync(cutoff, poked, PageSize);
            await Parallel.ForEachAsync(
                page,
                new ParallelOptions { MaxDegreeOfParallelism = MaxParallelPokes, CancellationToken = cancellationToken },
                async (id, _) =>
                {
                    try
                    {
                        await grains.GetTaskGrain(id).ResumeAsync();
                    }
                    catch (Exception exception)
                    {
                        LogPokeFailed(logger, exception, id.ToString());
                    }
                });
            poked += page.Count;
        }
        while (page.Count == PageSize);
        if (poked > 0)
        {
            LogSwept(logger, poked);
        }
        return poked;
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

    [LoggerMessage(Level = LogLevel.Debug, Message = "Recovery sweep checked {Count} unfinished task(s)")]
    private static partial void LogSwept(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovery sweep failed; retrying at the next interval")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Recovery sweep could not reach task {TaskId}")]
    private static partial void LogPokeFailed(ILogger logger, Exception exception, string taskId);
}
