using System.Text.Json;
using Aaba.Abstractions;
using Aaba.Abstractions.Agents;
using Aaba.Abstractions.Security;
using Aaba.Abstractions.Tasks;
using Aaba.Grains.Agents;
using Aaba.Grains.Tasks;
using Aaba.Testing;

namespace Aaba.IntegrationTests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class TaskGrainTests(ClusterFixture fixture)
{
    private ITaskGrain NewTask(out TaskId id)
    {
        id = TaskId.New(TimeProvider.System);
        return fixture.Grains.GetTaskGrain(id);
    }

    [Fact]
    public async Task Start_persists_the_task_handed_to_its_agent_and_the_add_agent_succeeds_with_the_sum()
    {
        var task = NewTask(out var id);

        var accepted = await task.StartAsync(new TaskSubmission(AabaKeys.AddAgent, """{"x":2,"y":40}"""));
        Assert.Equal(AgentTaskStatus.Running, accepted.Status);
        Assert.Equal(1, accepted.Attempts);
        Assert.Equal(id, accepted.Id);

        var done = await WaitForTerminalAsync(task);
        Assert.Equal(AgentTaskStatus.Succeeded, done.Status);
        Assert.Equal(1, done.Attempts);
        Assert.NotNull(done.StartedAt);
        Assert.NotNull(done.FinishedAt);
        Assert.True(done.CreatedAt <= done.StartedAt && done.StartedAt <= done.FinishedAt);
        using var result = JsonDocument.Parse(done.ResultJson!);
        Assert.Equal(42, result.RootElement.GetProperty("sum").GetDouble());
    }

    [Fact]
    public async Task Status_reads_running_while_the_agent_works()
    {
        var task = NewTask(out _);
        await task.StartAsync(new TaskSubmission(AabaKeys.AddAgent, """{"x":1,"y":1,"delay_ms":1500}"""));

        var running = await WaitForStatusAsync(task, AgentTaskStatus.Running);
        Assert.Equal(1, running.Attempts);
        Assert.Null(running.FinishedAt);

        Assert.Equal(AgentTaskStatus.Succeeded, (await WaitForTerminalAsync(task)).Status);
    }

    [Fact]
    public async Task The_lead_agent_finds_python_leads_offline()
    {
        var task = NewTask(out _);
        await task.StartAsync(new TaskSubmission(AabaKeys.LeadAgent, """{"query":"python","limit":5}"""));

        var done = await WaitForTerminalAsync(task);

        Assert.Equal(AgentTaskStatus.Succeeded, done.Status);
        using var result = JsonDocument.Parse(done.ResultJson!);
        Assert.Equal("offline", result.RootElement.GetProperty("mode").GetString());
        var leads = result.RootElement.GetProperty("leads").EnumerateArray().ToList();
        Assert.Equal(5, leads.Count);
        Assert.All(leads, lead => Assert.Contains("python", lead.GetRawText(), StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task An_unknown_agent_is_rejected_and_nothing_is_stored()
    {
        var task = NewTask(out _);

        var error = await Assert.ThrowsAsync<UnknownAgentException>(() => task.StartAsync(new TaskSubmission("no-such-agent", "{}")));

        Assert.Equal("no-such-agent", error.Agent);
        Assert.Null(await task.GetAsync(TenantId.Default));
    }

    [Fact]
    public async Task Invalid_input_is_rejected_with_every_field_problem()
    {
        var task = NewTask(out _);

        var error = await Assert.ThrowsAsync<InvalidTaskInputException>(
            () => task.StartAsync(new TaskSubmission(AabaKeys.AddAgent, """{"x":"one","delay_ms":99999999,"z":1}""")));

        Assert.Equal(["delay_ms", "x", "y", "z"], error.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Null(await task.GetAsync(TenantId.Default));
    }

    [Fact]
    public async Task Starting_twice_with_the_same_submission_returns_the_same_task()
    {
        var task = NewTask(out _);
        var submission = new TaskSubmission(AabaKeys.AddAgent, """{"x":1,"y":2}""");

        var first = await task.StartAsync(submission);
        await WaitForTerminalAsync(task);
        var second = await task.StartAsync(submission);

        Assert.Equal(first.CreatedAt, second.CreatedAt);
        Assert.Equal(1, second.Attempts);
        await Assert.ThrowsAsync<TaskConflictException>(() => task.StartAsync(new TaskSubmission(AabaKeys.AddAgent, """{"x":9,"y":9}""")));
    }

    [Fact]
    public async Task An_unknown_task_reads_as_null()
    {
        Assert.Null(await NewTask(out _).GetAsync(TenantId.Default));
    }

    [Fact]
    public async Task A_stale_or_duplicate_outcome_report_is_ignored()
    {
        var task = NewTask(out _);
        await task.StartAsync(new TaskSubmission(AabaKeys.AddAgent, """{"x":1,"y":2}"""));
        var done = await WaitForTerminalAsync(task);

        var reports = fixture.Grains.GetGrain<ITaskRunGrain>(done.Id.ToString());
        await reports.ReportOutcomeAsync(done.Attempts, AgentOutcome.Failure(TaskErrorCodes.AgentError, "late duplicate"));
        await reports.ReportOutcomeAsync(done.Attempts + 1, AgentOutcome.Success("""{"sum":0}"""));

        var after = await task.GetAsync(TenantId.Default);
        Assert.Equal(AgentTaskStatus.Succeeded, after!.Status);
        Assert.Equal(done.ResultJson, after.ResultJson);
    }

    /// <summary>Waits with the task's own long-poll, in slices shorter than a grain call's timeout.</summary>
    internal static async Task<TaskSnapshot> WaitForTerminalAsync(ITaskGrain task, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var snapshot = await task.WaitAsync(TenantId.Default, TimeSpan.FromSeconds(5)) ?? throw new Xunit.Sdk.XunitException("The task disappeared.");
            if (snapshot.Status.IsTerminal())
            {
                return snapshot;
            }
            Assert.True(DateTime.UtcNow < deadline, $"Task {snapshot.Id} is still {snapshot.Status}.");
        }
    }

    private static async Task<TaskSnapshot> WaitForStatusAsync(ITaskGrain task, AgentTaskStatus status)
    {
        var after = 0L;
        while (true)
        {
            var batch = await task.WaitForEventsAsync(TenantId.Default, after, TimeSpan.FromSeconds(10)) ?? throw new Xunit.Sdk.XunitException("The task disappeared.");
            Assert.False(batch.Events.IsEmpty && !batch.Finished, $"No event within 10 s while waiting for {status}.");
            var snapshot = (await task.GetAsync(TenantId.Default))!;
            if (snapshot.Status == status)
            {
                return snapshot;
            }
            Assert.False(batch.Finished, $"The task finished {snapshot.Status} without becoming {status}.");
            after = batch.Events[^1].Id;
        }
    }
}
