namespace Aaba.Grains.Agents;

/// <summary>
/// The time limits of every run a silo holds, kept by one timer armed for the earliest. A timer per run would put
/// each waiting run in the runtime's timer queue, which the runtime walks several times a second: with 20,000 runs
/// waiting on a model that walk was the largest part of an idle silo's CPU.
/// </summary>
internal sealed class RunTimeLimits : IDisposable
{
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly Lock _lock = new();
    private readonly PriorityQueue<AgentRun, DateTimeOffset> _limits = new();
    private DateTimeOffset _armedFor = DateTimeOffset.MaxValue;
    private int _endedSinceCompaction;

    public RunTimeLimits(TimeProvider time)
    {
        _time = time;
        _timer = time.CreateTimer(_ => StopExpired(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Stops <paramref name="run"/> as timed out at <paramref name="limit"/> unless it has ended by then.</summary>
    public void Watch(AgentRun run, DateTimeOffset limit)
    {
        lock (_lock)
        {
            _limits.Enqueue(run, limit);
            if (limit < _armedFor)
            {
                Arm(limit);
            }
        }
    }

    /// <summary>
    /// Tells that a watched run ended. Its entry is dropped at the next compaction, once ended runs are half the
    /// entries: a heap removes from its middle only by a walk, and a run that ended must not stay held until its limit
    /// (at thousands of runs a second with limits of minutes, that is hundreds of thousands of inputs kept alive).
    /// </summary>
    public void Ended()
    {
        lock (_lock)
        {
            if (++_endedSinceCompaction < CompactionFloor || _endedSinceCompaction * 2 < _limits.Count)
            {
                return;
            }
            var live = _limits.UnorderedItems.Where(entry => !entry.Element.HasEnded).ToList();
            _limits.Clear();
            _limits.EnqueueRange(live);
            _endedSinceCompaction = 0;
        }
    }

    private const int CompactionFloor = 1024;

    private void StopExpired()
    {
        List<AgentRun> expired = [];
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            // An ended run may still be here (see Ended); stopping it does nothing.
            while (_limits.TryPeek(out var run, out var limit) && limit <= now)
            {
                _limits.Dequeue();
                expired.Add(run);
            }
            _armedFor = DateTimeOffset.MaxValue;
            if (_limits.TryPeek(out _, out var next))
            {
                Arm(next);
            }
        }
        foreach (var run in expired)
        {
            run.Stop(AgentRunStop.TimedOut);
        }
    }

    private void Arm(DateTimeOffset limit)
    {
        _armedFor = limit;
        var due = limit - _time.GetUtcNow();
        _timer.Change(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    public void Dispose() => _timer.Dispose();
}
