using Aaba.Abstractions.Tasks;
using Aaba.Grains.Agents;
using Microsoft.Extensions.Time.Testing;

namespace Aaba.UnitTests.Agents;

public sealed class RunTimeLimitsTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));

    private AgentRun NewRun(TimeSpan timeout) =>
        new(new AgentInvocation(TaskId.New(_time), "add", 1, "{}", timeout), _time.GetUtcNow() + timeout + TimeSpan.FromSeconds(5));

    [Fact]
    public void A_run_is_stopped_as_timed_out_at_its_limit_and_not_before()
    {
        using var limits = new RunTimeLimits(_time);
        using var run = NewRun(TimeSpan.FromSeconds(10));
        limits.Watch(run, _time.GetUtcNow() + TimeSpan.FromSeconds(10));

        _time.Advance(TimeSpan.FromSeconds(9.999));
        Assert.False(run.Stopping.IsCancellationRequested);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(run.Stopping.IsCancellationRequested);
        Assert.Equal(AgentRunStop.TimedOut, run.StoppedBy);
    }

    [Fact]
    public void A_later_run_with_an_earlier_limit_is_stopped_first_and_the_earlier_run_still_at_its_own()
    {
        using var limits = new RunTimeLimits(_time);
        using var slow = NewRun(TimeSpan.FromSeconds(60));
        using var quick = NewRun(TimeSpan.FromSeconds(2));
        limits.Watch(slow, _time.GetUtcNow() + TimeSpan.FromSeconds(60));
        limits.Watch(quick, _time.GetUtcNow() + TimeSpan.FromSeconds(2));

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(AgentRunStop.TimedOut, quick.StoppedBy);
        Assert.Equal(AgentRunStop.None, slow.StoppedBy);

        _time.Advance(TimeSpan.FromSeconds(58));
        Assert.Equal(AgentRunStop.TimedOut, slow.StoppedBy);
    }

    [Fact]
    public void A_run_stopped_for_another_reason_keeps_that_reason()
    {
        using var limits = new RunTimeLimits(_time);
        using var run = NewRun(TimeSpan.FromSeconds(1));
        limits.Watch(run, _time.GetUtcNow() + TimeSpan.FromSeconds(1));
        run.Stop(AgentRunStop.Cancelled);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(AgentRunStop.Cancelled, run.StoppedBy);
    }

    [Fact]
    public void Runs_that_ended_are_let_go_long_before_their_limits_while_live_runs_are_still_stopped()
    {
        using var limits = new RunTimeLimits(_time);
        var ended = new List<WeakReference>();
        using var live = NewRun(TimeSpan.FromMinutes(10));
        limits.Watch(live, _time.GetUtcNow() + TimeSpan.FromMinutes(10));
        WatchAndEnd(limits, ended, count: 5000);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.True(ended.Count(r => r.IsAlive) < 2500, $"{ended.Count(r => r.IsAlive)} of 5000 ended runs still held");

        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(AgentRunStop.TimedOut, live.StoppedBy);
    }

    // Separate so no local keeps a run alive for the collector.
    private void WatchAndEnd(RunTimeLimits limits, List<WeakReference> ended, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var run = NewRun(TimeSpan.FromMinutes(10));
            limits.Watch(run, _time.GetUtcNow() + TimeSpan.FromMinutes(10));
            ended.Add(new WeakReference(run));
            run.Dispose();
            limits.Ended();
        }
    }
}
