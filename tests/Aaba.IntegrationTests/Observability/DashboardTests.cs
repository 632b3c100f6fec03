using System.Net;
using Aaba.Testing;

namespace Aaba.IntegrationTests.Observability;

[Collection(ApiCollection.Name)]
public sealed class DashboardTests(ApiFixture fixture)
{
    [Fact]
    public async Task The_orleans_dashboard_is_served_in_embedded_mode()
    {
        using var page = await fixture.Client.Http.GetAsync("/dashboard", TestContext.Current.CancellationToken);
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<html", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Metrics_have_the_aaba_counters_and_histograms_with_their_labels()
    {
        var id = await fixture.Client.RunAsync("add", """{"x":1,"y":1}""");
        await fixture.Client.WaitForTerminalAsync(id);

        var metrics = await fixture.Client.Http.GetStringAsync("/metrics", TestContext.Current.CancellationToken);

        Assert.Matches("""aaba_tasks_submitted_total\{[^}]*agent="add"[^}]*\} [1-9]""", metrics);
        Assert.Matches("""aaba_tasks_finished_total\{[^}]*agent="add"[^}]*status="succeeded"[^}]*\} [1-9]""", metrics);
        Assert.Matches("""aaba_task_duration_seconds_bucket\{[^}]*agent="add"[^}]*\}""", metrics);
        Assert.Matches("""aaba_task_queue_wait_seconds_count\{[^}]*agent="add"[^}]*\} [1-9]""", metrics);
        Assert.Contains("orleans_catalog_activations", metrics, StringComparison.Ordinal);
    }

    /// <summary>
    /// The one silo of embedded mode keeps no grain directory cache (it holds every entry itself): Orleans' gauge of that
    /// cache walks every entry each second the dashboard's metric reader runs, and the cache held every task of the
    /// last 4 minutes (that reader's thread took 3.4% of the process's CPU under load at 40,000 tasks, mostly this walk).
    /// </summary>
    [Fact]
    public async Task An_embedded_silo_keeps_no_grain_directory_cache()
    {
        var id = await fixture.Client.RunAsync("add", """{"x":2,"y":2}""");
        await fixture.Client.WaitForTerminalAsync(id);

        var metrics = await fixture.Client.Http.GetStringAsync("/metrics", TestContext.Current.CancellationToken);

        Assert.DoesNotMatch("""(?m)^orleans_directory_cache_size(\{[^}]*\})? [1-9]""", metrics);
    }
}
