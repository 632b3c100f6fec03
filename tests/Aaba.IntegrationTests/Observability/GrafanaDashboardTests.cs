using System.Text.Json;
using System.Text.RegularExpressions;
using Aaba.Testing;
using static Aaba.Testing.FakeOpenAiServer;

namespace Aaba.IntegrationTests.Observability;

/// <summary>Every metric the provisioned "Aaba Overview" board queries is one the running code exports.</summary>
[Collection(LlmCollection.Name)]
public sealed partial class GrafanaDashboardTests(LlmFixture fixture)
{
    [Fact]
    public async Task Every_metric_the_dashboard_queries_is_in_a_live_metrics_scrape()
    {
        // Exercise every instrument: a lead task whose first attempt finds the model down (retry), then succeeds.
        fixture.OpenAi.Script(
            Reply.Error(503), Reply.Error(503), Reply.Error(503),
            Reply.ToolCall("call_1", "search_leads", new { query = "python" }),
            Reply.Answer("""{"leads":[],"summary":"none"}"""));
        var id = await fixture.Client.RunAsync("lead", """{"query":"python"}""");
        Assert.Equal("succeeded", (await fixture.Client.WaitForTerminalAsync(id)).GetProperty("status").GetString());
        var scrape = await fixture.Client.Http.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        var exported = scrape.Split('\n').Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => l[..l.IndexOfAny(['{', ' '])]).ToHashSet();

        using var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(
            Path.Combine(RepositoryPaths.Root(), "deploy/grafana/dashboards/aaba-overview.json"), TestContext.Current.CancellationToken));
        Assert.Equal("Aaba Overview", dashboard.RootElement.GetProperty("title").GetString());
        var queried = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .SelectMany(t => MetricName().Matches(t.GetProperty("expr").GetString()!).Select(m => m.Value))
            .ToHashSet();

        Assert.True(queried.Count >= 8, $"The board queries only {queried.Count} metrics.");
        Assert.All(queried, metric => Assert.True(exported.Contains(metric), $"The board queries {metric}, which /metrics does not export."));
    }

    [GeneratedRegex(@"\b(aaba|orleans)_[a-z_]+\b")]
    private static partial Regex MetricName();
}
