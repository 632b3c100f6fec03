using Aaba.Testing;

namespace Aaba.IntegrationTests.Api;

/// <summary>The embedded default is durable: stop the process, start it on the same data folder, and every task is there.</summary>
public sealed class RestartSurvivalTests
{
    [Fact]
    public async Task Every_task_is_found_after_a_restart_and_unfinished_ones_run_to_the_end()
    {
        using var data = new TestDirectory("restart");
        var finished = new Dictionary<string, double>();
        var held = new List<string>();

        await using (var first = AabaApiFactory.Embedded(data.Path))
        {
            using var client = first.CreateAabaClient();
            for (var i = 0; i < 5; i++)
            {
                finished[await client.RunAsync("add", $$"""{"x":{{i}},"y":100}""")] = i + 100;
            }
            foreach (var id in finished.Keys)
            {
                Assert.Equal("succeeded", (await client.WaitForTerminalAsync(id)).GetProperty("status").GetString());
            }
            for (var i = 0; i < 3; i++)
            {
                held.Add(await client.RunAsync("add", $$"""{"x":{{i}},"y":1,"delay_ms":4000}"""));
            }
            foreach (var id in held)
            {
                await Events.WaitForStatusAsync(client.Http, id, "running");
            }
        }

        await using var second = AabaApiFactory.Embedded(data.Path);
        using var restarted = second.CreateAabaClient();
        foreach (var (id, sum) in finished)
        {
            var task = await restarted.GetTaskAsync(id);
            Assert.NotNull(task);
            Assert.Equal("succeeded", task.Value.GetProperty("status").GetString());
            Assert.Equal(sum, task.Value.GetProperty("result").GetProperty("sum").GetDouble());
            Assert.Equal(1, task.Value.GetProperty("attempts").GetInt32());
        }
        for (var i = 0; i < held.Count; i++)
        {
            var task = await restarted.WaitForTerminalAsync(held[i], TimeSpan.FromSeconds(40));
            Assert.Equal("succeeded", task.GetProperty("status").GetString());
            Assert.Equal(i + 1, task.GetProperty("result").GetProperty("sum").GetDouble());
            // The first attempt was cut off by the stop; the watchdog started the second after the restart.
            Assert.Equal(2, task.GetProperty("attempts").GetInt32());
        }
    }

    [Fact]
    public async Task Two_instances_on_different_data_folders_run_side_by_side()
    {
        using var dataA = new TestDirectory("side-a");
        using var dataB = new TestDirectory("side-b");
        await using var a = AabaApiFactory.Embedded(dataA.Path);
        await using var b = AabaApiFactory.Embedded(dataB.Path);
        using var clientA = a.CreateAabaClient();
        using var clientB = b.CreateAabaClient();

        var inA = await clientA.RunAsync("add", """{"x":1,"y":2}""");
        var inB = await clientB.RunAsync("add", """{"x":3,"y":4}""");

        Assert.Equal(3, (await clientA.WaitForTerminalAsync(inA)).GetProperty("result").GetProperty("sum").GetDouble());
        Assert.Equal(7, (await clientB.WaitForTerminalAsync(inB)).GetProperty("result").GetProperty("sum").GetDouble());
        Assert.Null(await clientA.GetTaskAsync(inB));
        Assert.Null(await clientB.GetTaskAsync(inA));
    }

}
