using System.Net;
using System.Text;
using System.Text.Json;
using Aaba.Testing;

namespace Aaba.IntegrationTests.Security;

/// <summary>A tenant never sees, touches or collides with another's tasks: 404, never 403, and listings of its own only.</summary>
[Collection(SecurityCollection.Name)]
public sealed class TenancyTests(SecurityFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Another_tenants_task_is_a_404_for_every_read_and_for_cancel_and_stays_untouched()
    {
        var acme = await fixture.KeyAsync("acme", "operator");
        var globex = await fixture.KeyAsync("globex", "admin");
        var id = await acme.Client.RunAsync("add", """{"x":1,"y":1,"delay_ms":2000}""");

        foreach (var path in new[] { $"/agents/status/{id}", $"/agents/status/{id}?wait_s=1", $"/agents/status/{id}/transcript", $"/agents/status/{id}/events" })
        {
            using var read = await globex.Client.Http.GetAsync(path, Cancellation);
            Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
            // The same answer as for a task that never existed: nothing tells the two apart.
            Assert.Contains("no such task exists", await read.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        }
        using var cancel = await globex.Client.Http.PostAsync($"/agents/status/{id}/cancel", null, Cancellation);
        Assert.Equal(HttpStatusCode.NotFound, cancel.StatusCode);

        var task = await acme.Client.WaitForTerminalAsync(id);
        Assert.Equal("succeeded", task.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Listings_and_stats_show_only_the_callers_tenant()
    {
        var north = await fixture.KeyAsync("north", "operator");
        var south = await fixture.KeyAsync("south", "operator");
        var northTask = await north.Client.RunAsync("add", """{"x":2,"y":2}""");
        var southTask = await south.Client.RunAsync("add", """{"x":3,"y":3}""");
        await north.Client.WaitForTerminalAsync(northTask);
        await south.Client.WaitForTerminalAsync(southTask);

        var northList = await north.Client.Http.GetStringAsync("/tasks?limit=100", Cancellation);
        var southList = await south.Client.Http.GetStringAsync("/tasks?agent=add&status=succeeded", Cancellation);
        Assert.Contains(northTask, northList, StringComparison.Ordinal);
        Assert.DoesNotContain(southTask, northList, StringComparison.Ordinal);
        Assert.Contains(southTask, southList, StringComparison.Ordinal);
        Assert.DoesNotContain(northTask, southList, StringComparison.Ordinal);

        using var stats = JsonDocument.Parse(await north.Client.Http.GetStringAsync("/tasks/stats", Cancellation));
        Assert.Equal(1, stats.RootElement.GetProperty("agents").GetProperty("add").GetProperty("succeeded").GetInt64());
    }

    [Fact]
    public async Task Idempotency_keys_are_per_tenant_so_another_tenant_can_neither_claim_nor_replay_one()
    {
        var first = await fixture.KeyAsync("idem-a", "operator");
        var second = await fixture.KeyAsync("idem-b", "operator");
        var key = $"shared-{Guid.NewGuid():N}";

        var (firstStatus, firstId) = await RunWithKeyAsync(first.Client, key, """{"x":1,"y":2}""");
        // The same key and body from another tenant: its own new task, never the first tenant's.
        var (secondStatus, secondId) = await RunWithKeyAsync(second.Client, key, """{"x":1,"y":2}""");
        // In the second tenant the key is now bound to its own request: another body there conflicts with that one.
        var (otherStatus, _) = await RunWithKeyAsync(second.Client, key, """{"x":9,"y":9}""");
        var (replayStatus, replayId) = await RunWithKeyAsync(first.Client, key, """{"x":1,"y":2}""");

        Assert.Equal(HttpStatusCode.Accepted, firstStatus);
        Assert.Equal(HttpStatusCode.Accepted, secondStatus);
        Assert.NotEqual(firstId, secondId);
        Assert.Equal(HttpStatusCode.Conflict, otherStatus);
        Assert.Equal(HttpStatusCode.Accepted, replayStatus);
        Assert.Equal(firstId, replayId);
        Assert.Null(await second.Client.GetTaskAsync(firstId!));
        Assert.Null(await first.Client.GetTaskAsync(secondId!));
    }

    private static async Task<(HttpStatusCode Status, string? TaskId)> RunWithKeyAsync(AabaClient client, string idempotencyKey, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/agents/add/run") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await client.Http.SendAsync(request, Cancellation);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            return (response.StatusCode, null);
        }
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation));
        return (response.StatusCode, json.RootElement.GetProperty("task_id").GetString());
    }
}
