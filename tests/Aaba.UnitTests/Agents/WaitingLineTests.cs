using System.Collections.Concurrent;
using Aaba.Abstractions.Tasks;
using Aaba.Grains.Agents;
using Aaba.Grains.Tasks;

namespace Aaba.UnitTests.Agents;

public sealed class WaitingLineTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>What a run told its task about waiting, in order.</summary>
    private sealed class RecordedTask : ITaskRunGrain
    {
        public ConcurrentQueue<string> Told { get; } = new();

        public Task ReportQueuedAsync(int attempt, int position)
        {
            Told.Enqueue($"queued {position}");
            return Task.CompletedTask;
        }

        public Task ReportStartedAsync(int attempt)
        {
            Told.Enqueue("started");
            return Task.CompletedTask;
        }

        public Task ReportProgressAsync(int attempt, IReadOnlyList<ProgressReport> reports) => Task.CompletedTask;

        public Task ReportOutcomeAsync(int attempt, AgentOutcome outcome) => Task.CompletedTask;

        public Task HandBackAsync(int attempt) => Task.CompletedTask;

        public Task ReportCallbackAsync(WebhookDelivery delivery) => Task.CompletedTask;

        public Task ResumeAsync() => Task.CompletedTask;
    }

    private static (AgentRunContext Context, RecordedTask Task) NewRun(CancellationTokenSource? cancel = null)
    {
        var task = new RecordedTask();
        var invocation = new AgentInvocation(TaskId.New(TimeProvider.System), "crm", 1, "{}", TimeSpan.FromMinutes(1));
        return (new AgentRunContext(invocation, TimeProvider.System, cancel?.Token ?? CancellationToken.None, task), task);
    }

    [Fact]
    public async Task Runs_beyond_the_limit_wait_in_line_are_told_their_place_and_get_slots_first_come_first_served()
    {
        var line = new WaitingLine();
        var (first, firstTask) = NewRun();
        var (second, secondTask) = NewRun();
        var (third, thirdTask) = NewRun();

        var held = await line.EnterAsync(1, first);
        var secondEntry = line.EnterAsync(1, second);
        var thirdEntry = line.EnterAsync(1, third);
        Assert.False(secondEntry.IsCompleted);
        Assert.Equal(["queued 1"], secondTask.Told);
        Assert.Equal(["queued 2"], thirdTask.Told);

        held.Dispose();
        var secondSlot = await secondEntry.WaitAsync(Cancellation);
        Assert.False(thirdEntry.IsCompleted);
        Assert.Equal(["queued 1", "started"], secondTask.Told);

        secondSlot.Dispose();
        secondSlot.Dispose();
        (await thirdEntry.WaitAsync(Cancellation)).Dispose();
        Assert.Empty(firstTask.Told);
        Assert.Equal(["queued 2", "started"], thirdTask.Told);
    }

    [Fact]
    public async Task A_cancelled_run_leaves_the_line_and_the_next_one_gets_its_turn()
    {
        var line = new WaitingLine();
        using var cancel = new CancellationTokenSource();
        var held = await line.EnterAsync(1, NewRun().Context);
        var leaving = line.EnterAsync(1, NewRun(cancel).Context);
        var (next, nextTask) = NewRun();
        var nextEntry = line.EnterAsync(1, next);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leaving);
        held.Dispose();
        (await nextEntry.WaitAsync(Cancellation)).Dispose();
        Assert.Equal(["queued 2", "started"], nextTask.Told);
    }

    [Fact]
    public async Task A_raised_limit_lets_the_next_run_in_at_once()
    {
        var line = new WaitingLine();
        using var held = await line.EnterAsync(1, NewRun().Context);
        var (next, nextTask) = NewRun();

        var entry = line.EnterAsync(2, next);

        Assert.True(entry.IsCompletedSuccessfully);
        (await entry).Dispose();
        Assert.Empty(nextTask.Told);
    }
}
