using Aaba.Abstractions;
using Aaba.Abstractions.Security;
using Aaba.Abstractions.Tasks;
using Aaba.Testing;
using StackExchange.Redis;

namespace Aaba.IntegrationTests.Grains;

/// <summary>
/// What a task leaves in Redis: one record, written twice (created, finished), that never expires while unfinished and
/// expires after the retention period once finished, a lease while it runs, and no unfinished index entry once finished.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class TaskStorageTests(ClusterFixture fixture) : IAsyncLifetime
{
    private ConnectionMultiplexer _redis = null!;

    public async ValueTask InitializeAsync() => _redis = await ConnectionMultiplexer.ConnectAsync(fixture.RedisConnectionString);

    public async ValueTask DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task A_finished_task_expires_after_the_retention_period_and_leaves_the_unfinished_index()
    {
        var id = TaskId.New(TimeProvider.System);
        var task = fixture.Grains.GetTaskGrain(id);
        // Held running for a moment, so the unfinished entry can be seen before the task ends.
        await task.StartAsync(new TaskSubmission(AabaKeys.AddAgent, """{"x":1,"y":1,"delay_ms":500}"""));
        var db = _redis.GetDatabase();
        var serviceId = fixture.Cluster.Options.ServiceId;
        var key = $"{serviceId}/aaba/task/{id}";
        // Unfinished: no time-to-live (an outage longer than the retention, or a volatile-* eviction, cannot delete it),
        // and a lease that ends in the future.
        Assert.Null(await db.KeyTimeToLiveAsync(key));
        var lease = await db.SortedSetScoreAsync($"{serviceId}/aaba/tasks/unfinished", id.ToString());
        Assert.NotNull(lease);
        Assert.True(DateTimeOffset.FromUnixTimeMilliseconds((long)lease.Value) > DateTimeOffset.UtcNow, "The running task's lease has already expired.");

        await TaskGrainTests.WaitForTerminalAsync(task);

        var ttl = await db.KeyTimeToLiveAsync(key);
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(7));
        Assert.Null(await db.SortedSetScoreAsync($"{serviceId}/aaba/tasks/unfinished", id.ToString()));
        // The record starts with its version, the number of times it was written: once created, once finished.
        Assert.StartsWith("000000000002{", (await db.StringGetAsync(key)).ToString());
        Assert.NotNull(await db.SortedSetScoreAsync($"{serviceId}/aaba/tasks/status/succeeded", id.ToString()));
    }

    /// <summary>
    /// A client polls until it sees the finish, so the read after it is the common case: the finished task answers it
    /// from memory. (It used to leave memory at its finish, so that read made a second activation and read storage:
    /// about a tenth of an end-to-end task's CPU.) Shown by removing the record behind Aaba's back after the finish.
    /// </summary>
    [Fact]
    public async Task A_finished_task_answers_the_next_read_from_memory_without_reading_storage()
    {
        var id = TaskId.New(TimeProvider.System);
        var task = fixture.Grains.GetTaskGrain(id);
        await task.StartAsync(new TaskSubmission(AabaKeys.AddAgent, """{"x":20,"y":22}"""));
        var done = await TaskGrainTests.WaitForTerminalAsync(task);

        Assert.True(await _redis.GetDatabase().KeyDeleteAsync($"{fixture.Cluster.Options.ServiceId}/aaba/task/{id}"));

        var read = await task.GetAsync(TenantId.Default);
        Assert.NotNull(read);
        Assert.Equal(AgentTaskStatus.Succeeded, read.Status);
        Assert.Equal(done.ResultJson, read.ResultJson);
    }

    /// <summary>
    /// ...but not for long: every activation a silo holds costs memory and is walked by its metrics each second, so a
    /// finished task leaves memory <c>Aaba:Tasks:FinishedInMemory</c> after its finish (3 s in this cluster) instead of
    /// after the grain's 2-minute collection age. Shown the same way: once it has left, the read finds no record.
    /// </summary>
    [Fact]
    public async Task A_finished_task_leaves_memory_soon_after_its_finish()
    {
        var id = TaskId.New(TimeProvider.System);
        var task = fixture.Grains.GetTaskGrain(id);
        await task.StartAsync(new TaskSubmission(AabaKeys.AddAgent, """{"x":1,"y":2}"""));
        await TaskGrainTests.WaitForTerminalAsync(task);
        Assert.True(await _redis.GetDatabase().KeyDeleteAsync($"{fixture.Cluster.Options.ServiceId}/aaba/task/{id}"));
        Assert.NotNull(await task.GetAsync(TenantId.Default));

        await Eventually.UntilAsync(async () => await task.GetAsync(TenantId.Default) is null,
            "the finished task to leave memory (its read then finds the deleted record gone)", TimeSpan.FromSeconds(20));
    }
}
