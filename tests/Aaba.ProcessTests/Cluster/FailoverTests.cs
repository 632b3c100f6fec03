using Aaba.Testing;

namespace Aaba.ProcessTests.Cluster;

[Collection(ProcessCollection.Name)]
public sealed class FailoverTests
{
    private const int Tasks = 200;

    [Fact]
    public async Task Killing_the_busiest_silo_loses_no_task_and_its_tasks_restart_within_15_seconds()
    {
        await using var cluster = await ClusterTopology.StartAsync(silos: 2);
        var ids = new List<string>();
        for (var i = 0; i < Tasks; i++)
        {
            ids.Add(await cluster.Client.RunAsync("add", $$"""{"x":{{i}},"y":1,"delay_ms":15000}"""));
        }
        await Eventually.UntilAsync(async () => (await cluster.TryGetTasksAsync(ids)).All(t => t?.GetProperty("status").GetString() == "running"),
            "every task running");

        var running = new[] { await cluster.RunningTasksAsync(0), await cluster.RunningTasksAsync(1) };
        Assert.Equal(Tasks, running.Sum());
        var victim = running[0] >= running[1] ? 0 : 1;
        var killedAt = DateTimeOffset.UtcNow;
        cluster.Silos[victim].Kill();

        var final = await WaitForAllTerminalAsync(cluster, ids, TimeSpan.FromSeconds(90));

        Assert.All(final, task => Assert.Equal("succeeded", task.GetProperty("status").GetString()));
        for (var i = 0; i < Tasks; i++)
        {
            Assert.Equal(i + 1, final[i].GetProperty("result").GetProperty("sum").GetDouble());
        }
        var restarted = final.Where(t => t.GetProperty("attempts").GetInt32() > 1).ToList();
        Assert.Equal(running[victim], restarted.Count);
        Assert.All(restarted, t => Assert.Equal(2, t.GetProperty("attempts").GetInt32()));
        // The survivor's runs were never touched: no second attempt and nothing in their history. Each of the dead
        // silo's runs left exactly one record, as lost (its lease expired with the silo).
        Assert.All(final.Where(t => t.GetProperty("attempts").GetInt32() == 1),
            t => Assert.True(t.GetProperty("attempt_history").GetArrayLength() == 0, $"A task of the surviving silo has an attempt history: {t}"));
        Assert.All(restarted, t => Assert.Equal(["lost"],
            t.GetProperty("attempt_history").EnumerateArray().Select(a => a.GetProperty("error").GetProperty("code").GetString()).ToArray()));
        var recovery = restarted.Max(t => t.GetProperty("started_at").GetDateTimeOffset()) - killedAt;
        var message = $"Failover: killed the silo running {running[victim]} of {Tasks} tasks; all {Tasks} succeeded; " +
                      $"last orphaned task running again {recovery.TotalSeconds:0.0} s after the kill.";
        Measurements.Record(message);
        Assert.True(recovery < TimeSpan.FromSeconds(15), message);
    }

    [Fact]
    public async Task An_api_process_dies_tasks_keep_running_and_a_restarted_api_reads_them()
    {
        await using var cluster = await ClusterTopology.StartAsync(silos: 1);
        var ids = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            ids.Add(await cluster.Client.RunAsync("add", $$"""{"x":{{i}},"y":2,"delay_ms":2000}"""));
        }

        cluster.Api.Kill();
        await cluster.StartApiAsync();

        var final = await WaitForAllTerminalAsync(cluster, ids, TimeSpan.FromSeconds(30));
        Assert.All(final, task =>
        {
            Assert.Equal("succeeded", task.GetProperty("status").GetString());
            Assert.Equal(1, task.GetProperty("attempts").GetInt32());
        });
    }

    internal static async Task<System.Text.Json.JsonElement[]> WaitForAllTerminalAsync(ClusterTopology cluster, List<string> ids, TimeSpan timeout)
    {
        System.Text.Json.JsonElement?[] tasks = [];
        await Eventually.UntilAsync(async () =>
        {
            tasks = await cluster.TryGetTasksAsync(ids);
            return tasks.All(t => t?.GetProperty("status").GetString() is "succeeded" or "failed" or "cancelled");
        }, "every task finished", timeout);
        return tasks.Select(t => t!.Value).ToArray();
    }
}
