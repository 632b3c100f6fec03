using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Aaba.Testing;

namespace Aaba.ProcessTests.Cluster;

/// <summary>Two API processes on one two-silo cluster: what one accepts, the other watches; keys are shared.</summary>
[Collection(ProcessCollection.Name)]
public sealed class MultiApiTests
{
    [Fact]
    public async Task A_watcher_on_another_api_process_streams_a_task_and_idempotency_keys_hold_across_processes()
    {
        await using var cluster = await ClusterTopology.StartAsync(silos: 2);
        using var other = await cluster.StartAnotherApiAsync();

        var id = await cluster.Client.RunAsync("add", """{"x":20,"y":22,"delay_ms":1500}""");
        var events = await Events.ReadAllAsync(other.Http, id);
        Assert.Equal(["queued", "running", "succeeded"], events.Select(e => e.Data.GetProperty("status").GetString()));

        var key = $"cross-{Guid.NewGuid():N}";
        var ids = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 20), new ParallelOptions { MaxDegreeOfParallelism = 20 }, async (i, ct) =>
        {
            var client = i % 2 == 0 ? cluster.Client : other;
            using var request = new HttpRequestMessage(HttpMethod.Post, "/agents/add/run")
            {
                Content = new StringContent("""{"x":1,"y":1}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await client.Http.SendAsync(request, ct);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            ids.Add(JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("task_id").GetString()!);
        });
        Assert.Single(ids.Distinct());
    }
}
