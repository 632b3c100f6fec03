using Aaba.Abstractions;
using Aaba.Abstractions.Tasks;
using Aaba.Tests.Infrastructure;
using StackExchange.Redis;

namespace Aaba.Tests.Grains;

/// <summary>
/// What a task leaves in Redis: one record, written twice (created, finished), that expires after the retention
/// period, and no unfinished index entry once finished.
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
        Assert.NotNull(await db.SortedSetScoreAsync($"{serviceId}/aaba/tasks/unfinished", id.ToString()));

        await TaskGrainTests.WaitForTerminalAsync(task);

        var key = $"{serviceId}/aaba/task/{id}";
        var ttl = await db.KeyTimeToLiveAsync(key);
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(7));
        Assert.Null(await db.SortedSetScoreAsync($"{serviceId}/aaba/tasks/unfinished", id.ToString()));
        // The record starts with its version, the number of times it was written: once created, once finished.
        Assert.StartsWith("000000000002{", (await db.StringGetAsync(key)).ToString());
        Assert.NotNull(await db.SortedSetScoreAsync($"{serviceId}/aaba/tasks/status/succeeded", id.ToString()));
    }
}
