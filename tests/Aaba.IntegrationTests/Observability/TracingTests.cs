using System.Diagnostics;
using Aaba.Grains.Telemetry;
using Aaba.ServiceDefaults;
using Aaba.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Aaba.IntegrationTests.Observability;

public sealed class TracingTests
{
    [Fact]
    public async Task A_task_is_one_trace_from_the_http_request_through_the_grains_to_the_agent_run()
    {
        var spans = new List<Activity>();
        using var data = new TestDirectory("tracing");
        await using var aaba = new AabaApiFactory(
            new Dictionary<string, string?>(ClusterFixture.TestSiloSettings)
            {
                ["Aaba:Embedded:DataDir"] = data.Path,
                [ServiceDefaultsExtensions.TracesSetting] = "true",
            },
            services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)));
        using var client = aaba.CreateAabaClient();

        var id = await client.RunAsync("add", """{"x":1,"y":2}""");
        await client.WaitForTerminalAsync(id);
        aaba.Services.GetRequiredService<TracerProvider>().ForceFlush();

        Activity[] snapshot;
        lock (spans)
        {
            snapshot = [.. spans];
        }
        var run = Assert.Single(snapshot, s => s.OperationName == "aaba.task.run" && (string?)s.GetTagItem(AabaTracing.TaskIdTag) == id);
        var request = Assert.Single(snapshot, s => s.Source.Name == "Microsoft.AspNetCore" && s.TraceId == run.TraceId);
        Assert.Equal("POST", request.GetTagItem("http.request.method"));
        Assert.Equal("add", run.GetTagItem(AabaTracing.AgentTag));
        // The grain calls between them (task grain, agent grain) belong to the same trace, and carry the task id.
        Assert.Contains(snapshot, s => s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && s.TraceId == run.TraceId);
        Assert.Equal(id, request.GetTagItem(AabaTracing.TaskIdTag));
        Assert.Contains(snapshot, s => s.TraceId == run.TraceId && s.DisplayName == "ITaskGrain/StartAsync" && s.Kind == ActivityKind.Server
            && (string?)s.GetTagItem(AabaTracing.TaskIdTag) == id);

        var trace = snapshot.Where(s => s.TraceId == run.TraceId).OrderBy(s => s.StartTimeUtc).ToList();
        var names = trace.ToDictionary(s => s.SpanId, s => s.DisplayName);
        Measurements.Record($"Trace of one task ({trace.Count} spans, trace {run.TraceId}): " + string.Join(" | ", trace.Select(s =>
            $"{s.DisplayName} [{s.Source.Name}] under {(s.ParentSpanId == default ? "(root)" : names.GetValueOrDefault(s.ParentSpanId, "(remote)"))}")));
    }
}
