using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aaba.Grains.Tasks;

/// <summary>
/// Sends finished tasks out of memory <see cref="TaskOptions.FinishedInMemory"/> after they finished (or were read back
/// from storage): one queue per silo, swept every second (or every quarter of that time when it is shorter), instead of
/// a grain timer per task. Every task waits the same time, so the queue is in due order and a sweep stops at the first
/// entry not yet due. A timer per task cost more than it looks: at 1,700 tasks/s the runtime's timer queue held 25,000
/// of them and fired one every millisecond or so, each firing walking the list of timers due soon
/// (<c>TimerQueue.FireNextTimers</c>, 2.2% of an end-to-end task's CPU in a profile).
/// </summary>
public sealed partial class FinishedTaskDepartures(IOptions<TaskOptions> options, TimeProvider time, ILogger<FinishedTaskDepartures> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly TimeSpan LongestSweepInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ShortestSweepInterval = TimeSpan.FromMilliseconds(100);
    private static readonly DeactivationReason Finished = new(DeactivationReasonCode.ApplicationRequested, "The task finished; it stays in storage.");

    private readonly ConcurrentQueue<(DateTimeOffset Due, IGrainContext Activation)> _waiting = new();
    private ITimer? _sweeper;
    private int _sweeping;

    /// <summary>How late a task may leave: a quarter of its time in memory, within 0.1 s and 1 s.</summary>
    private TimeSpan SweepInterval => TimeSpan.FromTicks(Math.Clamp(
        options.Value.FinishedInMemory.Ticks / 4, ShortestSweepInterval.Ticks, LongestSweepInterval.Ticks));

    /// <summary>The activation leaves once its time in memory is over (a deactivated one is left alone).</summary>
    public void Leave(IGrainContext activation) => _waiting.Enqueue((time.GetUtcNow() + options.Value.FinishedInMemory, activation));

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(FinishedTaskDepartures), ServiceLifecycleStage.Active, StartSweeping, StopSweepingAsync);

    private Task StartSweeping(CancellationToken cancellationToken)
    {
        _sweeper = time.CreateTimer(_ => Sweep(), null, SweepInterval, SweepInterval);
        return Task.CompletedTask;
    }

    // The silo deactivates whatever is still waiting as it stops.
    private async Task StopSweepingAsync(CancellationToken cancellationToken)
    {
        if (_sweeper is { } sweeper)
        {
            await sweeper.DisposeAsync();
        }
    }

    /// <summary>Starts the deactivation of every activation whose time is over; one sweep at a time, so none leaves early.</summary>
    private void Sweep()
    {
        if (Interlocked.Exchange(ref _sweeping, 1) == 1)
        {
            return;
        }
        try
        {
            var now = time.GetUtcNow();
            while (_waiting.TryPeek(out var next) && next.Due <= now && _waiting.TryDequeue(out next))
            {
                try
                {
                    next.Activation.Deactivate(Finished);
                }
                catch (Exception exception)
                {
                    // One activation's failure must not keep the others in memory.
                    LogDepartureFailed(logger, exception, next.Activation.GrainId);
                }
            }
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Finished task {GrainId} could not be sent out of memory; its collection age will.")]
    private static partial void LogDepartureFailed(ILogger logger, Exception exception, GrainId grainId);
}
