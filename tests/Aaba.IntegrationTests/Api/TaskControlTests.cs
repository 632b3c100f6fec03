using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Aaba.Testing;

namespace Aaba.IntegrationTests.Api;

[Collection(ApiCollection.Name)]
public sealed class TaskControlTests(ApiFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private async Task<(HttpStatusCode Status, JsonElement Body)> CancelAsync(string id)
    {
        using var response = await fixture.Client.Http.PostAsync($"/agents/status/{id}/cancel", null, Cancellation);
        return (response.StatusCode, await JsonSerializer.DeserializeAsync<JsonElement>(await response.Content.ReadAsStreamAsync(Cancellation), cancellationToken: Cancellation));
    }

    [Fact]
    public async Task Cancelling_a_running_task_stops_it_and_cancelling_again_is_fine()
    {
        var id = await fixture.Client.RunAsync("add", """{"x":1,"y":1,"delay_ms":30000}""");
        await Events.WaitForStatusAsync(fixture.Client.Http, id, "running");

        var (status, body) = await CancelAsync(id);
        var (again, _) = await CancelAsync(id);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("cancelled", body.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, again);
        var events = await Events.ReadAllAsync(fixture.Client.Http, id);
        Assert.Equal("cancelled", events[^1].Data.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, (await fixture.Client.GetTaskAsync(id))!.Value.GetProperty("result").ValueKind);
    }

    [Fact]
    public async Task Cancelling_a_finished_task_is_a_409_and_an_unknown_one_a_404()
    {
        var id = await fixture.Client.RunAsync("add", """{"x":1,"y":1}""");
        await fixture.Client.WaitForTerminalAsync(id);

        var (status, body) = await CancelAsync(id);
        var (unknown, _) = await CancelAsync("01a211c9-5c1e-721e-8c56-0376c6503ab1");

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("already succeeded", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown);
    }

    [Fact]
    public async Task A_long_poll_answers_once_the_task_finishes_or_when_its_wait_is_over()
    {
        var quick = await fixture.Client.RunAsync("add", """{"x":20,"y":22,"delay_ms":300}""");
        var slow = await fixture.Client.RunAsync("add", """{"x":1,"y":1,"delay_ms":30000}""");

        var finished = await GetJsonAsync($"/agents/status/{quick}?wait_s=10");
        var started = DateTime.UtcNow;
        var unfinished = await GetJsonAsync($"/agents/status/{slow}?wait_s=1");
        var waited = DateTime.UtcNow - started;
        using var outOfRange = await fixture.Client.Http.GetAsync($"/agents/status/{slow}?wait_s=31", Cancellation);

        Assert.Equal("succeeded", finished.GetProperty("status").GetString());
        Assert.Equal(42, finished.GetProperty("result").GetProperty("sum").GetDouble());
        Assert.Equal("running", unfinished.GetProperty("status").GetString());
        Assert.InRange(waited, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.BadRequest, outOfRange.StatusCode);
        await CancelAsync(slow);
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await fixture.Client.Http.GetAsync(path, Cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await JsonSerializer.DeserializeAsync<JsonElement>(await response.Content.ReadAsStreamAsync(Cancellation), cancellationToken: Cancellation);
    }

    [Fact]
    public async Task A_run_over_its_timeout_fails_with_timeout()
    {
        using var response = await fixture.Client.PostJsonAsync("/agents/add/run?timeout_s=1", """{"x":1,"y":1,"delay_ms":20000}""");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation)).RootElement.GetProperty("task_id").GetString()!;

        var task = await fixture.Client.WaitForTerminalAsync(id, TimeSpan.FromSeconds(10));

        Assert.Equal("failed", task.GetProperty("status").GetString());
        Assert.Equal("timeout", task.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(1, task.GetProperty("timeout_s").GetDouble());
        Assert.True(task.GetProperty("finished_at").GetDateTimeOffset() - task.GetProperty("started_at").GetDateTimeOffset() < TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("3601")]
    [InlineData("soon")]
    public async Task An_out_of_range_timeout_is_a_400(string timeout)
    {
        using var response = await fixture.Client.PostJsonAsync($"/agents/add/run?timeout_s={timeout}", """{"x":1,"y":1}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Concurrent_duplicates_with_one_idempotency_key_make_exactly_one_task()
    {
        var key = $"order-{Guid.NewGuid():N}";
        var ids = new ConcurrentBag<string>();

        await Parallel.ForEachAsync(Enumerable.Range(0, 24), new ParallelOptions { MaxDegreeOfParallelism = 24, CancellationToken = Cancellation }, async (_, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/agents/add/run")
            {
                Content = new StringContent("""{"x":40,"y":2}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await fixture.Client.Http.SendAsync(request, ct);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            ids.Add(JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("task_id").GetString()!);
        });

        var id = Assert.Single(ids.Distinct());
        var task = await fixture.Client.WaitForTerminalAsync(id);
        Assert.Equal(1, task.GetProperty("attempts").GetInt32());
        Assert.Equal(42, task.GetProperty("result").GetProperty("sum").GetDouble());
    }

    [Fact]
    public async Task Reusing_an_idempotency_key_with_a_different_body_is_a_409()
    {
        var key = $"k-{Guid.NewGuid():N}";
        using var first = await SendWithKeyAsync(key, """{"x":1,"y":2}""");
        // The same object with other whitespace is the same request.
        using var replay = await SendWithKeyAsync(key, """{ "x": 1,  "y": 2 }""");
        using var different = await SendWithKeyAsync(key, """{"x":1,"y":3}""");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(HttpStatusCode.Conflict, different.StatusCode);
    }

    [Fact]
    public async Task A_key_whose_request_was_rejected_can_be_used_again()
    {
        var key = $"k-{Guid.NewGuid():N}";
        using var rejected = await SendWithKeyAsync(key, """{"x":"one","y":2}""");
        using var corrected = await SendWithKeyAsync(key, """{"x":1,"y":2}""");

        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, corrected.StatusCode);
    }

    [Fact]
    public async Task Numbers_whose_sum_overflows_are_rejected_not_failed()
    {
        using var response = await fixture.Client.PostJsonAsync("/agents/add/run", """{"x":1e308,"y":1e308}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Listing_pages_neither_skip_nor_repeat_while_tasks_are_being_added()
    {
        var agent = "add";
        var before = new List<string>();
        for (var i = 0; i < 25; i++)
        {
            before.Add(await fixture.Client.RunAsync(agent, $$"""{"x":{{i}},"y":0}"""));
        }
        using var adding = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        var adder = Task.Run(async () =>
        {
            while (!adding.IsCancellationRequested)
            {
                await fixture.Client.RunAsync(agent, """{"x":0,"y":0}""");
            }
        }, Cancellation);

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            using var response = await fixture.Client.Http.GetAsync($"/tasks?agent={agent}&limit=7" + (cursor is null ? "" : $"&cursor={cursor}"), Cancellation);
            response.EnsureSuccessStatusCode();
            var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation)).RootElement;
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("task_id").GetString()!));
            cursor = page.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null && !before.All(seen.Contains));
        await adding.CancelAsync();
        try
        {
            await adder;
        }
        catch (OperationCanceledException)
        {
            // Stopped mid-request: expected.
        }

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.All(before, id => Assert.Contains(id, seen));
        Assert.Equal(seen.OrderDescending(StringComparer.Ordinal), seen);
    }

    [Fact]
    public async Task Listing_filters_by_status_and_stats_count_by_agent_and_status()
    {
        var before = await AddStatsAsync();
        var quick = await fixture.Client.RunAsync("add", """{"x":1,"y":1}""");
        Assert.Equal("succeeded", (await fixture.Client.WaitForTerminalAsync(quick)).GetProperty("status").GetString());
        var id = await fixture.Client.RunAsync("add", """{"x":1,"y":1,"delay_ms":20000}""");
        await Events.WaitForStatusAsync(fixture.Client.Http, id, "running");

        using var running = await fixture.Client.Http.GetAsync("/tasks?status=running&agent=add", Cancellation);
        var items = JsonDocument.Parse(await running.Content.ReadAsStringAsync(Cancellation)).RootElement.GetProperty("items").EnumerateArray().ToList();
        var during = await AddStatsAsync();
        await CancelAsync(id);
        var after = await AddStatsAsync();

        Assert.Contains(items, item => item.GetProperty("task_id").GetString() == id);
        Assert.All(items, item => Assert.Equal("running", item.GetProperty("status").GetString()));
        Assert.True(during["succeeded"] > before["succeeded"], "The task that succeeded is counted.");
        Assert.True(during["active"] >= 1, "The running task is counted as active.");
        Assert.True(after["cancelled"] > during["cancelled"], "The cancelled task is counted.");
    }

    [Fact]
    public async Task Listing_filters_by_creation_time()
    {
        var first = await fixture.Client.RunAsync("add", """{"x":1,"y":1}""");
        var firstCreated = (await fixture.Client.GetTaskAsync(first))!.Value.GetProperty("created_at").GetDateTimeOffset();
        await Task.Delay(5, Cancellation);
        var second = await fixture.Client.RunAsync("add", """{"x":2,"y":1}""");
        var secondCreated = (await fixture.Client.GetTaskAsync(second))!.Value.GetProperty("created_at").GetDateTimeOffset();

        var after = await ListedIdsAsync($"/tasks?agent=add&limit=100&created_after={Uri.EscapeDataString(firstCreated.ToString("O"))}");
        var before = await ListedIdsAsync($"/tasks?agent=add&limit=100&created_before={Uri.EscapeDataString(secondCreated.ToString("O"))}");

        Assert.Contains(second, after);
        Assert.DoesNotContain(first, after);
        Assert.Contains(first, before);
        Assert.DoesNotContain(second, before);
    }

    private async Task<List<string>> ListedIdsAsync(string url)
    {
        using var page = await fixture.Client.Http.GetAsync(url, Cancellation);
        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
        return [.. JsonDocument.Parse(await page.Content.ReadAsStringAsync(Cancellation)).RootElement.GetProperty("items").EnumerateArray()
            .Select(item => item.GetProperty("task_id").GetString()!)];
    }

    private async Task<Dictionary<string, long>> AddStatsAsync()
    {
        using var stats = await fixture.Client.Http.GetAsync("/tasks/stats", Cancellation);
        var agents = JsonDocument.Parse(await stats.Content.ReadAsStringAsync(Cancellation)).RootElement.GetProperty("agents");
        return agents.TryGetProperty("add", out var add)
            ? add.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64())
            : new Dictionary<string, long> { ["active"] = 0, ["succeeded"] = 0, ["failed"] = 0, ["cancelled"] = 0 };
    }

    private Task<HttpResponseMessage> SendWithKeyAsync(string key, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/agents/add/run") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        return fixture.Client.Http.SendAsync(request, Cancellation);
    }
}
