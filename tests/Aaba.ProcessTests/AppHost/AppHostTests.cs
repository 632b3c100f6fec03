using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aaba.Testing;
using Aspire.Hosting.Testing;

namespace Aaba.ProcessTests.AppHost;

/// <summary>
/// The Aspire AppHost (src/Aaba.AppHost) started as `dotnet run` would, through Aspire's testing builder: Debian's
/// redis-server, two silo processes and the API process, orchestrated by DCP. The dashboard is left out (it is not
/// what is tested, and it would cost a process).
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class AppHostTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private const string AdminKey = "aaba_apphost-test-admin-key-0123456789abcdefghij";

    [Fact]
    public async Task The_apphost_brings_up_redis_two_silos_and_the_api_and_a_task_runs_on_a_silo()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var redisData = new TestDirectory("apphost-redis");
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Aaba_AppHost>(
            [
                "Aaba:AppHost:Redis=executable",
                $"Aaba:AppHost:RedisDataDir={redisData.Path}",
                $"Parameters:aaba-admin-key={AdminKey}",
            ],
            (options, _) => options.DisableDashboard = true,
            cancellationToken);
        await using var app = await appHost.BuildAsync(cancellationToken);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await app.StartAsync(cancellationToken).WaitAsync(StartTimeout, cancellationToken);
        // The API waits for both silos to be ready, and they for Redis: once it is healthy, all are.
        await app.ResourceNotifications.WaitForResourceHealthyAsync("api", cancellationToken).WaitAsync(StartTimeout, cancellationToken);
        Measurements.Record($"AppHost: redis-server, 2 silos and the API healthy {clock.Elapsed.TotalSeconds:0.0} s after start (no dashboard)");

        using var api = app.CreateHttpClient("api");
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminKey);
        using var accepted = await api.PostAsJsonAsync("/agents/add/run", new { x = 2, y = 3 }, cancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var id = (await accepted.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("task_id").GetString();
        var task = await api.GetFromJsonAsync<JsonElement>($"/agents/status/{id}?wait_s=20", cancellationToken);

        Assert.Equal("succeeded", task.GetProperty("status").GetString());
        Assert.Equal(5, task.GetProperty("result").GetProperty("sum").GetDouble());
        // The API is a cluster client (AABA_REDIS from the AppHost), not an embedded host: a silo process ran the task.
        var finished = 0.0;
        foreach (var silo in new[] { "silo-1", "silo-2" })
        {
            using var http = app.CreateHttpClient(silo);
            finished += FinishedTasks(await http.GetStringAsync("/metrics", cancellationToken));
        }
        Assert.Equal(1, finished);
    }

    /// <summary>The sum of <c>aaba_tasks_finished_total</c> over its series in a Prometheus scrape.</summary>
    private static double FinishedTasks(string metrics) =>
        metrics.Split('\n')
            .Where(line => line.StartsWith("aaba_tasks_finished_total{", StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
}
