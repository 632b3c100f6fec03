using System.Net;
using System.Text.Json;
using Aaba.Testing;

namespace Aaba.IntegrationTests.Security;

/// <summary>
/// <c>GET /tasks/activity</c>: finished tasks per minute and agent, one tenant's only. In the security collection
/// because a tenant of its own gives exact counts while other tests add tasks to the same store.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class TaskActivityTests(SecurityFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Activity_counts_a_tenants_finished_tasks_per_minute_by_status_and_agent()
    {
        var busy = await fixture.KeyAsync("activity", "operator");
        var other = await fixture.KeyAsync("activity-other", "reader");
        var succeeded = new[] { await busy.Client.RunAsync("add", """{"x":1,"y":1}"""), await busy.Client.RunAsync("add", """{"x":2,"y":2}""") };
        string timedOut;
        using (var run = await busy.Client.PostJsonAsync("/agents/add/run?timeout_s=1", """{"x":1,"y":1,"delay_ms":10000}"""))
        {
            timedOut = JsonDocument.Parse(await run.Content.ReadAsStringAsync(Cancellation)).RootElement.GetProperty("task_id").GetString()!;
        }
        var cancelled = await busy.Client.RunAsync("add", """{"x":1,"y":1,"delay_ms":10000}""");
        (await busy.Client.Http.PostAsync($"/agents/status/{cancelled}/cancel", null, Cancellation)).Dispose();
        foreach (var id in succeeded.Append(timedOut).Append(cancelled))
        {
            await busy.Client.WaitForTerminalAsync(id);
        }

        using var activity = JsonDocument.Parse(await busy.Client.Http.GetStringAsync("/tasks/activity?minutes=5", Cancellation));
        using var elsewhere = JsonDocument.Parse(await other.Client.Http.GetStringAsync("/tasks/activity", Cancellation));

        var root = activity.RootElement;
        Assert.Equal(5, root.GetProperty("minutes").GetInt32());
        Assert.Equal(60, root.GetProperty("bucket_s").GetInt32());
        var from = root.GetProperty("from").GetDateTimeOffset();
        Assert.Equal(0, from.Second);
        Assert.InRange(DateTimeOffset.UtcNow - from, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5.1));
        var add = root.GetProperty("agents").GetProperty("add");
        long Sum(string status)
        {
            var series = add.GetProperty(status).EnumerateArray().Select(n => n.GetInt64()).ToList();
            Assert.Equal(5, series.Count);
            return series.Sum();
        }
        Assert.Equal(2, Sum("succeeded"));
        Assert.Equal(1, Sum("failed"));
        Assert.Equal(1, Sum("cancelled"));
        // Another tenant's window is empty, and the default is the last hour.
        Assert.Equal(60, elsewhere.RootElement.GetProperty("minutes").GetInt32());
        Assert.Empty(elsewhere.RootElement.GetProperty("agents").EnumerateObject());

        using var tooLong = await busy.Client.Http.GetAsync("/tasks/activity?minutes=181", Cancellation);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
    }
}
