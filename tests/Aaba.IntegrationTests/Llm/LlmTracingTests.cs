using System.Diagnostics;
using Aaba.Grains.Agents.Lead;
using Aaba.Grains.Telemetry;
using Aaba.ServiceDefaults;
using Aaba.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using static Aaba.Testing.FakeOpenAiServer;

namespace Aaba.IntegrationTests.Llm;

/// <summary>The model loop's spans follow the OpenTelemetry GenAI conventions and belong to the task's trace.</summary>
public sealed class LlmTracingTests
{
    [Fact]
    public async Task Model_calls_and_tool_calls_are_gen_ai_spans_in_the_tasks_trace_with_its_id()
    {
        var lead = new CatalogueLeadSource().Leads[0];
        var spans = new List<Activity>();
        using var data = new TestDirectory("llm-tracing");
        await using var openAi = await FakeOpenAiServer.StartAsync();
        await using var aaba = new AabaApiFactory(
            new Dictionary<string, string?>(ClusterFixture.TestSiloSettings)
            {
                ["Aaba:Embedded:DataDir"] = data.Path,
                ["Aaba:Llm:ApiKey"] = LlmFixture.ApiKey,
                ["Aaba:Llm:BaseUrl"] = openAi.BaseUrl,
                ["Aaba:Llm:Model"] = LlmFixture.Model,
                [ServiceDefaultsExtensions.TracesSetting] = "true",
            },
            services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)));
        using var client = aaba.CreateAabaClient();
        openAi.Script(
            Reply.ToolCall("call_1", "search_leads", new { query = "python" }, promptTokens: 123, completionTokens: 7),
            Reply.Answer($$"""{"leads":[{"url":"{{lead.Url}}","fit_score":80,"reason":"r"}],"summary":"s"}"""));

        var id = await client.RunAsync("lead", """{"query":"python"}""");
        Assert.Equal("succeeded", (await client.WaitForTerminalAsync(id)).GetProperty("status").GetString());
        aaba.Services.GetRequiredService<TracerProvider>().ForceFlush();

        Activity[] snapshot;
        lock (spans)
        {
            snapshot = [.. spans];
        }
        var run = Assert.Single(snapshot, s => s.OperationName == "aaba.task.run" && (string?)s.GetTagItem(AabaTracing.TaskIdTag) == id);
        var trace = snapshot.Where(s => s.TraceId == run.TraceId).ToList();
        var chats = trace.Where(s => (string?)s.GetTagItem("gen_ai.operation.name") == "chat").ToList();
        Assert.Equal(2, chats.Count);
        Assert.All(chats, chat => Assert.Equal(LlmFixture.Model, chat.GetTagItem("gen_ai.request.model")));
        Assert.Contains(chats, chat => Equals(chat.GetTagItem("gen_ai.usage.input_tokens"), 123L) || Equals(chat.GetTagItem("gen_ai.usage.input_tokens"), 123));
        // Each chat span sits under Aaba's per-call span, which carries the task id.
        var byId = trace.ToDictionary(s => s.SpanId);
        Assert.All(chats, chat => Assert.Equal(id, byId[chat.ParentSpanId].GetTagItem(AabaTracing.TaskIdTag)));
        var tool = Assert.Single(trace, s => (string?)s.GetTagItem("gen_ai.operation.name") == "execute_tool");
        Assert.Equal("search_leads", tool.GetTagItem("gen_ai.tool.name"));
        Assert.Equal(id, tool.GetTagItem(AabaTracing.TaskIdTag));
        // Without sensitive data enabled, no message or key reaches a span.
        Assert.All(trace, s => Assert.DoesNotContain(s.TagObjects, t => t.Value?.ToString()?.Contains(LlmFixture.ApiKey, StringComparison.Ordinal) == true));
    }
}
