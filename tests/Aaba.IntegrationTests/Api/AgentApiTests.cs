using System.Net;
using System.Text.Json;
using Aaba.Testing;

namespace Aaba.IntegrationTests.Api;

/// <summary>The documented happy paths of the HTTP API, end to end on the real server.</summary>
[Collection(ApiCollection.Name)]
public sealed class AgentApiTests(ApiFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private AabaClient Client => fixture.Client;

    [Fact]
    public async Task Run_lead_is_accepted_with_a_location_and_finds_python_leads_offline()
    {
        using var response = await Client.PostJsonAsync("/agents/run-lead", """{"query":"python"}""");
        var body = await response.Content.ReadAsStringAsync(Cancellation);

        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"Expected 202, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var accepted = JsonDocument.Parse(body);
        var root = accepted.RootElement;
        var taskId = root.GetProperty("task_id").GetString();
        Assert.False(string.IsNullOrEmpty(taskId));
        Assert.Equal("lead", root.GetProperty("agent").GetString());
        // Accepted already handed to the agent: the first write records "queued" and "running" together.
        Assert.Equal("running", root.GetProperty("status").GetString());
        var statusUrl = root.GetProperty("status_url").GetString();
        Assert.Equal($"/agents/status/{taskId}", statusUrl);
        Assert.Equal(statusUrl, response.Headers.Location?.OriginalString);
        Assert.False(root.TryGetProperty("taskId", out _));
        Assert.False(root.TryGetProperty("statusUrl", out _));

        var task = await Client.WaitForTerminalAsync(taskId!);

        Assert.Equal("succeeded", task.GetProperty("status").GetString());
        Assert.Equal("lead", task.GetProperty("agent").GetString());
        var result = task.GetProperty("result");
        Assert.Equal("offline", result.GetProperty("mode").GetString());
        Assert.Equal("python", result.GetProperty("query").GetString());
        var leads = result.GetProperty("leads").EnumerateArray().ToList();
        Assert.InRange(leads.Count, 1, 10);
        Assert.All(leads, lead =>
        {
            Assert.Contains("python", lead.GetRawText(), StringComparison.OrdinalIgnoreCase);
            Assert.True(lead.GetProperty("score").GetInt32() > 0);
            Assert.True(lead.TryGetProperty("posted_at", out _), $"No posted_at in {lead}");
        });
        var scores = leads.Select(lead => lead.GetProperty("score").GetInt32()).ToList();
        Assert.Equal(scores.OrderDescending(), scores);
    }

    [Fact]
    public async Task A_finished_add_task_reads_with_every_documented_field()
    {
        const string input = """{"x": 2.5, "y": 40, "delay_ms": 0}""";
        var taskId = await Client.RunAsync("add", input);

        var task = await Client.WaitForTerminalAsync(taskId);

        Assert.Equal(
            ["agent", "agent_version", "attempt_history", "attempts", "callback", "created_at", "error", "finished_at", "input", "parent_id", "queue_position", "result", "started_at", "status", "steps", "task_id", "timeout_s", "usage"],
            task.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(taskId, task.GetProperty("task_id").GetString());
        Assert.Equal("add", task.GetProperty("agent").GetString());
        Assert.Equal("succeeded", task.GetProperty("status").GetString());
        using (var sent = JsonDocument.Parse(input))
        {
            Assert.True(JsonElement.DeepEquals(sent.RootElement, task.GetProperty("input")), $"input {task.GetProperty("input")} is not {input}");
        }
        var createdAt = task.GetProperty("created_at").GetDateTimeOffset();
        var startedAt = task.GetProperty("started_at").GetDateTimeOffset();
        var finishedAt = task.GetProperty("finished_at").GetDateTimeOffset();
        Assert.True(createdAt <= startedAt && startedAt <= finishedAt, $"created {createdAt:O}, started {startedAt:O}, finished {finishedAt:O}");
        Assert.Equal(1, task.GetProperty("attempts").GetInt32());
        var result = task.GetProperty("result");
        Assert.Equal(["sum"], result.EnumerateObject().Select(p => p.Name));
        Assert.Equal(42.5, result.GetProperty("sum").GetDouble());
        Assert.Equal(JsonValueKind.Null, task.GetProperty("error").ValueKind);
        Assert.False(task.TryGetProperty("createdAt", out _));
        Assert.False(task.TryGetProperty("taskId", out _));
    }

    [Fact]
    public async Task The_agent_list_describes_add_and_lead_with_their_schemas()
    {
        using var response = await Client.Http.GetAsync("/agents", Cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation));

        var agents = document.RootElement.EnumerateArray().ToDictionary(a => a.GetProperty("name").GetString()!);

        foreach (var (name, required) in new[] { ("add", "x"), ("lead", "query") })
        {
            Assert.True(agents.TryGetValue(name, out var agent), $"GET /agents does not list '{name}': {document.RootElement}");
            Assert.Equal(name, agent.GetProperty("kind").GetString());
            Assert.False(string.IsNullOrWhiteSpace(agent.GetProperty("description").GetString()));
            Assert.Equal($"/agents/{name}/run", agent.GetProperty("run_url").GetString());
            var schema = agent.GetProperty("input_schema");
            Assert.Equal(JsonValueKind.Object, schema.ValueKind);
            Assert.Equal("object", schema.GetProperty("type").GetString());
            Assert.Contains(schema.GetProperty("required").EnumerateArray(), field => field.GetString() == required);
            Assert.False(agent.TryGetProperty("inputSchema", out _));
        }
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task Health_endpoints_answer_healthy(string path)
    {
        using var response = await Client.Http.GetAsync(path, Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(Cancellation));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_agent_routes()
    {
        using var response = await Client.Http.GetAsync("/openapi/v1.json", Cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation));

        var paths = document.RootElement.GetProperty("paths");

        Assert.True(paths.GetProperty("/agents/run-lead").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/agents/{name}/run").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/agents/status/{taskId}").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/agents/status/{taskId}/events").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/agents/status/{taskId}/cancel").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/agents/status/{taskId}/transcript").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/tasks").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/tasks/stats").TryGetProperty("get", out _));
        // The dashboard's own data routes are not part of Aaba's API.
        Assert.DoesNotContain(paths.EnumerateObject(), path => path.Name.StartsWith("/dashboard", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_docs_page_is_html()
    {
        using var response = await Client.Http.GetAsync("/docs", Cancellation);
        var body = await response.Content.ReadAsStringAsync(Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html", body, StringComparison.OrdinalIgnoreCase);
    }
}
