using System.Diagnostics;
using System.Net;
using Aaba.Testing;

namespace Aaba.ProcessTests.Cluster;

[Collection(ProcessCollection.Name)]
public sealed class RedisOutageTests
{
    [Fact]
    public async Task While_redis_is_down_requests_fail_fast_with_503_and_after_it_returns_nothing_accepted_is_lost_or_run_twice()
    {
        await using var cluster = await ClusterTopology.StartAsync(silos: 1);
        // Seen finished by one long-poll: its activation stays 15 s after the finish, so its result is still readable
        // early in the outage.
        var finishedBefore = await cluster.Client.RunAsync("add", """{"x":40,"y":2,"delay_ms":1000}""");
        using (var finished = await cluster.Client.Http.GetAsync($"/agents/status/{finishedBefore}?wait_s=10", TestContext.Current.CancellationToken))
        {
            Assert.Contains("succeeded", await finished.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }
        var accepted = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            accepted.Add(await cluster.Client.RunAsync("add", $$"""{"x":{{i}},"y":3,"delay_ms":3000}"""));
        }

        await cluster.Redis.StopAsync();
        var down = Stopwatch.StartNew();

        for (var i = 0; i < 3; i++)
        {
            var clock = Stopwatch.StartNew();
            using var refused = await cluster.Client.PostJsonAsync("/agents/add/run", """{"x":1,"y":1}""");
            clock.Stop();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"The 503 took {clock.Elapsed.TotalMilliseconds:0} ms.");
        }
        using (var notReady = await cluster.Client.Http.GetAsync("/readyz", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        }
        using (var inMemory = await cluster.Client.Http.GetAsync($"/agents/status/{finishedBefore}", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, inMemory.StatusCode);
            Assert.Contains("succeeded", await inMemory.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }
        // A task nobody has read yet (here: one that does not exist) activates with a read that fails.
        var neverRead = Guid.CreateVersion7().ToString();
        using (var unreadable = await cluster.Client.Http.GetAsync($"/agents/status/{neverRead}", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, unreadable.StatusCode);
            Assert.Equal("application/problem+json", unreadable.Content.Headers.ContentType?.MediaType);
        }
        foreach (var listing in new[] { "/tasks", "/tasks/stats" })
        {
            using var unavailable = await cluster.Client.Http.GetAsync(listing, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, unavailable.StatusCode);
            Assert.Equal("application/problem+json", unavailable.Content.Headers.ContentType?.MediaType);
        }
        // Longer than a lease and than the old reporter's patience (about 18 s): the held tasks finish meanwhile and
        // their runners keep the outcomes until they can be delivered, so no task is run twice.
        await Task.Delay(TimeSpan.FromSeconds(22) - down.Elapsed, TestContext.Current.CancellationToken);

        await cluster.StartRedisAsync();
        await Eventually.UntilAsync(async () =>
        {
            using var ready = await cluster.Client.Http.GetAsync("/readyz", TestContext.Current.CancellationToken);
            return ready.IsSuccessStatusCode;
        }, "readiness after Redis returned", TimeSpan.FromSeconds(30));
        // The API's own connection may be back a moment before the silos' connections: a client retries a 503.
        var recovered = Stopwatch.StartNew();
        await Eventually.UntilAsync(async () =>
        {
            using var response = await cluster.Client.PostJsonAsync("/agents/add/run", """{"x":100,"y":3}""");
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                accepted.Add(System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))
                    .RootElement.GetProperty("task_id").GetString()!);
                return true;
            }
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            return false;
        }, "a submission to be accepted after Redis returned", TimeSpan.FromSeconds(20));
        Measurements.Record($"Redis outage: submissions answered 503 within 2 s while it was down; accepted again {recovered.Elapsed.TotalSeconds:0.0} s after readiness returned.");

        var final = await FailoverTests.WaitForAllTerminalAsync(cluster, accepted, TimeSpan.FromSeconds(60));
        Assert.All(final, task =>
        {
            Assert.Equal("succeeded", task.GetProperty("status").GetString());
            Assert.Equal(1, task.GetProperty("attempts").GetInt32());
        });
        // The activation whose first read failed reads again rather than answering 503 for good.
        using (var readAgain = await cluster.Client.Http.GetAsync($"/agents/status/{neverRead}", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.NotFound, readAgain.StatusCode);
        }
        Assert.Equal(42, (await cluster.Client.GetTaskAsync(finishedBefore))!.Value.GetProperty("result").GetProperty("sum").GetDouble());
    }
}
