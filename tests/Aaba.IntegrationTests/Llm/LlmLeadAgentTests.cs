using System.Text.Json;
using Aaba.Grains.Agents.Lead;
using Aaba.Testing;
using static Aaba.Testing.FakeOpenAiServer;

namespace Aaba.IntegrationTests.Llm;

[Collection(LlmCollection.Name)]
public sealed class LlmLeadAgentTests(LlmFixture fixture)
{
    private static readonly Lead PythonLead = new CatalogueLeadSource().Leads.First(l => l.Title.StartsWith("Senior Python developer", StringComparison.Ordinal));

    private static string Answer(params (string Url, string Title)[] leads) => JsonSerializer.Serialize(new
    {
        leads = leads.Select(l => new { title = l.Title, source = "upwork", url = l.Url, budget = "$40-60/hour", fit_score = 87, reason = "Python and Django." }),
        summary = "One strong Python lead.",
    });

    private async Task<JsonElement> RunLeadAsync(string input = """{"query":"python django","limit":5}""")
    {
        var id = await fixture.Client.RunAsync("lead", input);
        return await fixture.Client.WaitForTerminalAsync(id, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_tool_call_then_a_final_answer_succeeds_with_leads_that_tools_returned()
    {
        fixture.OpenAi.Script(
            Reply.ToolCall("call_1", "search_leads", new { query = "python django", limit = 5 }, promptTokens: 120, completionTokens: 15),
            Reply.Answer(Answer((PythonLead.Url, PythonLead.Title), ("https://www.upwork.com/jobs/~invented", "Made-up job")), promptTokens: 400, completionTokens: 90));

        var task = await RunLeadAsync();

        Assert.Equal("succeeded", task.GetProperty("status").GetString());
        var result = task.GetProperty("result");
        Assert.Equal("llm", result.GetProperty("mode").GetString());
        // The model the server reports answering with, not merely the one configured.
        Assert.Equal("test-model-2026-11", result.GetProperty("model").GetString());
        var lead = Assert.Single(result.GetProperty("leads").EnumerateArray());
        Assert.Equal(PythonLead.Url, lead.GetProperty("url").GetString());
        Assert.Equal(87, lead.GetProperty("fit_score").GetDouble());
        Assert.Equal("https://www.upwork.com/jobs/~invented", Assert.Single(result.GetProperty("dropped_leads").EnumerateArray()).GetProperty("url").GetString());
        Assert.Equal(520, task.GetProperty("usage").GetProperty("prompt_tokens").GetInt64());
        Assert.Equal(105, task.GetProperty("usage").GetProperty("completion_tokens").GetInt64());

        var requests = fixture.OpenAi.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Equal($"Bearer {LlmFixture.ApiKey}", requests[0].Authorization);
        Assert.Equal(LlmFixture.Model, requests[0].Body.GetProperty("model").GetString());
        Assert.Equal(["get_lead", "search_leads"],
            requests[0].Body.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("function").GetProperty("name").GetString()).Order());
        Assert.Equal("json_schema", requests[0].Body.GetProperty("response_format").GetProperty("type").GetString());
        var toolMessage = Assert.Single(requests[1].Messages, m => m.GetProperty("role").GetString() == "tool");
        Assert.Equal("call_1", toolMessage.GetProperty("tool_call_id").GetString());
        Assert.Contains(PythonLead.Url, toolMessage.GetProperty("content").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_transcript_records_every_step_and_never_the_api_key()
    {
        fixture.OpenAi.Script(
            Reply.ToolCall("call_7", "get_lead", new { url = PythonLead.Url }),
            Reply.Answer(Answer((PythonLead.Url, PythonLead.Title))));
        var id = await fixture.Client.RunAsync("lead", """{"query":"python"}""");
        var task = await fixture.Client.WaitForTerminalAsync(id);
        Assert.Equal("succeeded", task.GetProperty("status").GetString());

        using var response = await fixture.Client.Http.GetAsync($"/agents/status/{id}/transcript", TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        response.EnsureSuccessStatusCode();
        using var transcript = JsonDocument.Parse(body);
        var types = transcript.RootElement.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal(["system", "user", "assistant", "tool_call", "tool_result", "assistant"], types);
        var toolCall = transcript.RootElement.GetProperty("entries")[3];
        Assert.Equal("get_lead", toolCall.GetProperty("tool").GetString());
        Assert.Contains(PythonLead.Title, transcript.RootElement.GetProperty("entries")[4].GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(LlmFixture.ApiKey, body, StringComparison.Ordinal);
        Assert.DoesNotContain(LlmFixture.ApiKey, task.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_429_is_retried_after_its_retry_after_and_then_succeeds()
    {
        fixture.OpenAi.Script(
            Reply.Error(429, ("Retry-After", "0")),
            Reply.ToolCall("call_1", "search_leads", new { query = "python" }),
            Reply.Answer(Answer((PythonLead.Url, PythonLead.Title))));

        var task = await RunLeadAsync();

        Assert.Equal("succeeded", task.GetProperty("status").GetString());
        Assert.Equal(3, fixture.OpenAi.Requests.Count);
    }

    [Fact]
    public async Task Server_errors_beyond_the_call_retries_fail_the_attempt_and_the_task_is_retried_to_success()
    {
        // Attempt 1: three tries (MaxRetries 2), all 5xx → llm_unavailable, which the lead agent's policy retries.
        fixture.OpenAi.Script(
            Reply.Error(503), Reply.Error(502), Reply.Error(500),
            Reply.ToolCall("call_1", "search_leads", new { query = "python" }),
            Reply.Answer(Answer((PythonLead.Url, PythonLead.Title))));

        var task = await RunLeadAsync();

        Assert.Equal("succeeded", task.GetProperty("status").GetString());
        Assert.Equal(2, task.GetProperty("attempts").GetInt32());
        var failedAttempt = Assert.Single(task.GetProperty("attempt_history").EnumerateArray());
        Assert.Equal(1, failedAttempt.GetProperty("attempt").GetInt32());
        Assert.Equal("llm_unavailable", failedAttempt.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(5, fixture.OpenAi.Requests.Count);
    }

    [Fact]
    public async Task When_every_attempt_finds_the_model_unavailable_the_task_fails_with_llm_unavailable()
    {
        fixture.OpenAi.Script(Enumerable.Range(0, 6).Select(_ => Reply.Error(503)).ToArray());

        var task = await RunLeadAsync();

        Assert.Equal("failed", task.GetProperty("status").GetString());
        Assert.Equal("llm_unavailable", task.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(2, task.GetProperty("attempts").GetInt32());
        Assert.Equal(6, fixture.OpenAi.Requests.Count);
    }

    [Fact]
    public async Task Rejected_credentials_fail_with_llm_auth_without_retrying()
    {
        fixture.OpenAi.Script(Reply.Error(401), Reply.Answer(Answer()));

        var task = await RunLeadAsync();

        Assert.Equal("failed", task.GetProperty("status").GetString());
        Assert.Equal("llm_auth", task.GetProperty("error").GetProperty("code").GetString());
        Assert.DoesNotContain(LlmFixture.ApiKey, task.GetProperty("error").GetProperty("message").GetString()!, StringComparison.Ordinal);
        Assert.Single(fixture.OpenAi.Requests);
    }

    [Fact]
    public async Task A_model_that_does_not_answer_in_time_fails_with_llm_timeout()
    {
        fixture.OpenAi.Script(Reply.Stall(TimeSpan.FromSeconds(4)), Reply.Stall(TimeSpan.FromSeconds(4)));

        var task = await RunLeadAsync();

        Assert.Equal("failed", task.GetProperty("status").GetString());
        Assert.Equal("llm_timeout", task.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(2, task.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task Garbage_output_gets_one_repair_request_and_then_fails_with_llm_bad_output()
    {
        fixture.OpenAi.Script(Reply.Answer("Sure! Here are some leads: ..."), Reply.Answer("""{"leads": "none"}"""));

        var task = await RunLeadAsync();

        Assert.Equal("failed", task.GetProperty("status").GetString());
        Assert.Equal("llm_bad_output", task.GetProperty("error").GetProperty("code").GetString());
        var repair = fixture.OpenAi.Requests[1].Messages.Last();
        Assert.Equal("user", repair.GetProperty("role").GetString());
        Assert.Contains("not valid", repair.GetProperty("content").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_repaired_answer_succeeds()
    {
        fixture.OpenAi.Script(
            Reply.ToolCall("call_2", "search_leads", new { query = "python" }),
            Reply.Answer("not json"),
            Reply.Answer(Answer((PythonLead.Url, PythonLead.Title))));

        var task = await RunLeadAsync();

        Assert.Equal("succeeded", task.GetProperty("status").GetString());
        Assert.Single(task.GetProperty("result").GetProperty("leads").EnumerateArray());
    }

    [Fact]
    public async Task After_the_maximum_rounds_the_tools_are_withdrawn_so_the_model_must_answer()
    {
        var calls = Enumerable.Range(1, 5).Select(i => Reply.ToolCall($"call_{i}", "search_leads", new { query = "python" })).ToList();
        calls.Add(Reply.Answer(Answer((PythonLead.Url, PythonLead.Title))));
        fixture.OpenAi.Script([.. calls]);

        var task = await RunLeadAsync();

        Assert.Equal("succeeded", task.GetProperty("status").GetString());
        var last = fixture.OpenAi.Requests[^1].Body;
        Assert.Equal(6, fixture.OpenAi.Requests.Count);
        Assert.Equal("none", last.GetProperty("tool_choice").GetString());
    }

    [Fact]
    public async Task Cancelling_a_running_lead_task_aborts_its_model_call()
    {
        fixture.OpenAi.Script(Reply.Stall(TimeSpan.FromSeconds(5)));
        var id = await fixture.Client.RunAsync("lead", """{"query":"python"}""");
        await Eventually.UntilAsync(() => Task.FromResult(fixture.OpenAi.Requests.Count == 1), "the model call to start");

        using var cancel = await fixture.Client.Http.PostAsync($"/agents/status/{id}/cancel", null, TestContext.Current.CancellationToken);

        cancel.EnsureSuccessStatusCode();
        Assert.Equal("cancelled", (await fixture.Client.GetTaskAsync(id))!.Value.GetProperty("status").GetString());
        // The agent's token reached the HTTP call: the server saw the client hang up long before its 5 s reply.
        await Eventually.UntilAsync(() => Task.FromResult(fixture.OpenAi.AbortedRequests == 1), "the model call to be aborted", TimeSpan.FromSeconds(3));
        Assert.Single(fixture.OpenAi.Requests);
    }

    [Fact]
    public async Task Watchers_see_each_tool_call_as_a_progress_event()
    {
        fixture.OpenAi.Script(
            Reply.ToolCall("call_9", "search_leads", new { query = "python" }),
            Reply.Answer(Answer((PythonLead.Url, PythonLead.Title))));
        var id = await fixture.Client.RunAsync("lead", """{"query":"python"}""");

        var events = await Events.ReadAllAsync(fixture.Client.Http, id);

        var progress = events.Where(e => e.Type == "progress").Select(e => e.Data.GetProperty("message").GetString()).ToList();
        Assert.Contains("Calling search_leads", progress);
        Assert.Contains(progress, message => message!.StartsWith("Asking the model", StringComparison.Ordinal));
        Assert.Equal("succeeded", events[^1].Data.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Above_the_silo_limit_a_task_waits_queued_with_its_position_and_can_be_cancelled_before_it_starts()
    {
        // MaxConcurrentCalls is 1 in this fixture: the first task holds the only slot while its model call stalls.
        fixture.OpenAi.Script(
            Reply.ToolCall("call_1", "search_leads", new { query = "python" }) with { Delay = TimeSpan.FromMilliseconds(1500) },
            Reply.Answer(Answer((PythonLead.Url, PythonLead.Title))));
        var first = await fixture.Client.RunAsync("lead", """{"query":"python"}""");
        await Eventually.UntilAsync(() => Task.FromResult(fixture.OpenAi.Requests.Count == 1), "the first model call");

        var second = await fixture.Client.RunAsync("lead", """{"query":"rust"}""");
        await Eventually.UntilAsync(async () => (await fixture.Client.GetTaskAsync(second))?.GetProperty("queue_position").ValueKind == JsonValueKind.Number,
            "the second task to wait in line");
        var waiting = (await fixture.Client.GetTaskAsync(second))!.Value;
        using var cancel = await fixture.Client.Http.PostAsync($"/agents/status/{second}/cancel", null, TestContext.Current.CancellationToken);

        Assert.Equal("queued", waiting.GetProperty("status").GetString());
        Assert.Equal(1, waiting.GetProperty("queue_position").GetInt32());
        cancel.EnsureSuccessStatusCode();
        Assert.Equal("cancelled", (await fixture.Client.GetTaskAsync(second))!.Value.GetProperty("status").GetString());
        Assert.Equal("succeeded", (await fixture.Client.WaitForTerminalAsync(first)).GetProperty("status").GetString());
        // The cancelled task never reached the model: both calls are the first task's.
        Assert.Equal(2, fixture.OpenAi.Requests.Count);
        Assert.All(fixture.OpenAi.Requests, r => Assert.DoesNotContain("rust", r.Messages.ElementAt(1).GetProperty("content").ToString(), StringComparison.Ordinal));
    }
}
