using System.Net;
using System.Text.Json;
using Aaba.Testing;

namespace Aaba.ProcessTests.Cluster;

/// <summary>A pipeline fanning out over slow steps on two silo processes, while the silo running the pipeline is killed with kill -9.</summary>
[Collection(ProcessCollection.Name)]
public sealed class PipelineFailoverTests
{
    private const string Pipeline = "slow-fan-out";
    private const int Items = 10;
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_pipeline_killed_mid_fan_out_finishes_without_running_a_finished_step_again()
    {
        await using var cluster = await ClusterTopology.StartAsync(silos: 2);
        using var registered = await cluster.Client.Http.PutAsync($"/agents/{Pipeline}", new StringContent("""
            {"kind":"pipeline","config":{"steps":[
              {"name":"fan","agent":"add","for_each":"$.input.items","max_parallel":2,"input":{"x":"$.item","y":1000,"delay_ms":2000}}]}}
            """, System.Text.Encoding.UTF8, "application/json"), Cancellation);
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        // Every silo sees a registration within a second: until then a run may be refused as unknown.
        string? id = null;
        await Eventually.UntilAsync(async () =>
        {
            using var run = await cluster.Client.PostJsonAsync($"/agents/{Pipeline}/run", $$"""{"items":[{{string.Join(',', Enumerable.Range(1, Items))}}]}""");
            Assert.True(run.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.NotFound, $"the run answered {(int)run.StatusCode}");
            id = run.StatusCode == HttpStatusCode.Accepted
                ? JsonDocument.Parse(await run.Content.ReadAsStringAsync(Cancellation)).RootElement.GetProperty("task_id").GetString()
                : null;
            return id is not null;
        }, "the pipeline to be runnable", TimeSpan.FromSeconds(5));

        // Mid-fan-out: some steps finished, more to come. The silo whose pipeline agent holds the run is the victim.
        JsonElement parent = default;
        await Eventually.UntilAsync(async () =>
        {
            parent = (await cluster.Client.GetTaskAsync(id!))!.Value;
            return Steps(parent).Count(s => s.GetProperty("status").GetString() == "succeeded") >= 2;
        }, "two finished steps", TimeSpan.FromSeconds(30));
        var victim = -1;
        for (var i = 0; i < cluster.Silos.Count && victim < 0; i++)
        {
            victim = await cluster.RunningTasksAsync(i, Pipeline) > 0 ? i : -1;
        }
        Assert.True(victim >= 0, "no silo reports the pipeline's run");
        parent = (await cluster.Client.GetTaskAsync(id!))!.Value;
        cluster.Silos[victim].Kill();
        var finishedBefore = Steps(parent)
            .Where(s => s.GetProperty("status").GetString() == "succeeded")
            .ToDictionary(s => s.GetProperty("task_id").GetString()!, s => s.Clone());
        Assert.InRange(finishedBefore.Count, 2, Items - 2);

        var final = (await FailoverTests.WaitForAllTerminalAsync(cluster, [id!], TimeSpan.FromSeconds(60)))[0];

        Assert.Equal("succeeded", final.GetProperty("status").GetString());
        Assert.Equal(2, final.GetProperty("attempts").GetInt32());
        Assert.Equal("lost", final.GetProperty("attempt_history")[0].GetProperty("error").GetProperty("code").GetString());
        var sums = final.GetProperty("result").GetProperty("result").EnumerateArray().Select(r => r.GetProperty("sum").GetDouble());
        Assert.Equal(Enumerable.Range(1001, Items).Select(i => (double)i), sums);
        var steps = Steps(final);
        Assert.Equal(Items, steps.Count);
        Assert.Equal(Items, steps.Select(s => s.GetProperty("task_id").GetString()).Distinct().Count());
        Assert.All(steps, s => Assert.Equal("succeeded", s.GetProperty("status").GetString()));
        // Each step that had finished before the kill is the same task, run once, finished when it was.
        foreach (var (stepId, before) in finishedBefore)
        {
            var after = (await cluster.Client.GetTaskAsync(stepId))!.Value;
            Assert.Equal(1, after.GetProperty("attempts").GetInt32());
            Assert.Equal(0, after.GetProperty("attempt_history").GetArrayLength());
            Assert.Equal(before.GetProperty("finished_at").GetDateTimeOffset(), after.GetProperty("finished_at").GetDateTimeOffset());
        }
        Measurements.Record($"Pipelines: killed the silo running a {Items}-item fan-out after {finishedBefore.Count} steps had finished; " +
                            $"it resumed and succeeded, none of those {finishedBefore.Count} ran again.");
    }

    private static List<JsonElement> Steps(JsonElement task) =>
        task.TryGetProperty("steps", out var steps) && steps.ValueKind == JsonValueKind.Array ? [.. steps.EnumerateArray()] : [];
}
