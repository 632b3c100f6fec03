using System.Text.Json;
using Aaba.Grains.Agents.Lead;
using Aaba.Testing;
using static Aaba.Testing.FakeOpenAiServer;

namespace Aaba.IntegrationTests.Llm;

/// <summary>
/// The lead agent's model loop against the ways real OpenAI-compatible servers and models behave (issue 19): tool
/// calls whatever finish_reason says, a model that never stops calling tools, answers that relabel a lead, truncated
/// and refused answers, answers that used no tool, duplicates and leads beyond the limit, odd Retry-After values.
/// </summary>
[Collection(LlmCollection.Name)]
public sealed class LlmConformanceTests(LlmFixture fixture)
{
    private static readonly IReadOnlyList<Lead> Catalogue = new CatalogueLeadSource().Leads;
    private static readonly Lead DjangoMigration = Catalogue.Single(l => l.Id == "lead-001");
    private static readonly Lead DonorCrm = Catalogue.Single(l => l.Id == "lead-058");
    private static readonly Lead RealEstateScraping = Catalogue.Single(l => l.Id == "lead-004");
    private static readonly Lead PriceMonitoring = Catalogue.Single(l => l.Id == "lead-054");
    private const string InventedUrl = "https://www.upwork.com/jobs/~0quantumdjango";

    /// <summary>
    /// A final answer as a model writes it. It carries the labels the old answer schema asked for (title, source,
    /// budget) so that the same script is a valid answer for the old loop too, and a test fails there for the
    /// behaviour it checks, not for a schema change.
    /// </summary>
    private static string Answer(string summary, params (string Url, string Title, string Source, string Budget)[] leads) => JsonSerializer.Serialize(new
    {
        leads = leads.Select((l, i) => new { title = l.Title, source = l.Source, url = l.Url, budget = l.Budget, fit_score = 90 - i, reason = $"Reason {i + 1}." }),
        summary,
    });

    private static (string, string, string, string) Labelled(Lead lead) => (lead.Url, lead.Title, lead.Source, "$500-1,000 fixed");

    private static Reply SearchPython(string id = "call_search", string finishReason = "tool_calls") =>
        Reply.ToolCall(id, "search_leads", new { query = "python", limit = 50 }, finishReason: finishReason);

    private async Task<(string Id, JsonElement Task)> RunLeadAsync(string input = """{"query":"python django","limit":5}""")
    {
        var id = await fixture.Client.RunAsync("lead", input);
        return (id, await fixture.Client.WaitForTerminalAsync(id, TimeSpan.FromSeconds(30)));
    }

    private async Task<List<JsonElement>> TranscriptAsync(string id)
    {
        using var response = await fixture.Client.Http.GetAsync($"/agents/status/{id}/transcript", TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return document.RootElement.GetProperty("entries").EnumerateArray().Select(e => e.Clone()).ToList();
    }

    private static string Code(JsonElement task) => task.GetProperty("error").GetProperty("code").GetString()!;

    private static string Message(JsonElement task) => task.GetProperty("error").GetProperty("message").GetString()!;

    private static List<string> Urls(JsonElement result, string list = "leads") =>
        result.GetProperty(list).EnumerateArray().Select(l => l.GetProperty("url").GetString()!).ToList();

    private static void AssertPlainForTheModel(string text)
    {
        // What .NET's JSON reader says is no help to a model and leaks implementation details.
        foreach (var leak in new[] { "LineNumber", "BytePositionInLine", "JSON tokens", "invalid start of a value", "Exception", "System." })
        {
            Assert.DoesNotContain(leak, text, StringComparison.Ordinal);
        }
    }

    // Scenario 1: tool calls are run whatever finish_reason says.

    [Fact]
    public async Task Tool_calls_sent_with_finish_reason_stop_are_run()
    {
        fixture.OpenAi.Script(
            Reply.ToolCall("call_1", "search_leads", new { query = "python django" }, finishReason: "stop"),
            Reply.Answer(Answer("One Django lead.", Labelled(DjangoMigration))));

        var (id, task) = await RunLeadAsync();

        Assert.Equal("succeeded", task.GetProperty("status").GetString());
        Assert.Equal([DjangoMigration.Url], Urls(task.GetProperty("result")));
        var toolMessage = Assert.Single(fixture.OpenAi.Requests[1].Messages, m => m.GetProperty("role").GetString() == "tool");
        Assert.Equal("call_1", toolMessage.GetProperty("tool_call_id").GetString());
        var types = (await TranscriptAsync(id)).Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal(["system", "user", "assistant", "tool_call", "tool_result", "assistant"], types);
    }

    [Fact]
    public async Task Parallel_tool_calls_with_text_and_finish_reason_stop_are_all_run_and_answered_in_order()
    {
        fixture.OpenAi.Script(
            Reply.ToolCalls(
                [("call_a", "search_leads", """{"query":"django"}"""), ("call_b", "get_lead", JsonSerializer.Serialize(new { url = RealEstateScraping.Url }))],
                finishReason: "stop", content: "Let me look."),
            Reply.Answer(Answer("Two leads.", Labelled(DjangoMigration), Labelled(RealEstateScraping))));

        var (_, task) = await RunLeadAsync();

        Assert.Equal("succeeded", task.GetProperty("status").GetString());
        Assert.Equal([DjangoMigration.Url, RealEstateScraping.Url], Urls(task.GetProperty("result")));
        var toolMessages = fixture.OpenAi.Requests[1].Messages.Where(m => m.GetProperty("role").GetString() == "tool").ToList();
        Assert.Equal(["call_a", "call_b"], toolMessages.Select(m => m.GetProperty("tool_call_id").GetString()));
    }

    // Scenario 2: the round limit is exact and has its own code.

    [Fact]
    public async Task A_model_that_calls_tools_forever_fails_with_llm_round_limit_after_exactly_the_limit_and_every_call_in_the_transcript()
    {
        var calls = 0;
        fixture.OpenAi.Respond(_ => SearchPython($"call_{Interlocked.Increment(ref calls)}"));

        var (id, task) = await RunLeadAsync();

        Assert.Equal("failed", task.GetProperty("status").GetString());
        Assert.Equal("llm_round_limit", Code(task));
        Assert.Contains("6", Message(task), StringComparison.Ordinal);
        Assert.Equal(6, fixture.OpenAi.Requests.Count);
        Assert.Equal("none", fixture.OpenAi.Requests[^1].Body.GetProperty("tool_choice").GetString());
        var transcript = await TranscriptAsync(id);
        Assert.Equal(6, transcript.Count(e => e.GetProperty("type").GetString() == "assistant"));
        Assert.Equal(Enumerable.Range(1, 6).Select(i => $"call_{i}"),
            transcript.Where(e => e.GetProperty("type").GetString() == "tool_call").Select(e => e.GetProperty("tool_call_id").GetString()));
        Assert.Equal(600, task.GetProperty("usage").GetProperty("prompt_tokens").GetInt64());
    }

    // Scenario 3: every fact of a lead comes from the tool result.

    [Fact]
    public async Task Every_fact_of_a_returned_lead_comes_from_the_tool_result_and_only_judgement_from_the_model()
    {
        fixture.OpenAi.Script(
            SearchPython(),
            Reply.Answer(Answer("A lead.", (DjangoMigration.Url, "Principal Rust architect", "linkedin", "$1,000,000 fixed"))));

        var (_, task) = await RunLeadAsync();

        Assert.Equal("succeeded", task.GetProperty("status").GetString());
        var lead = Assert.Single(task.GetProperty("result").GetProperty("leads").EnumerateArray());
        Assert.Equal(DjangoMigration.Title, lead.GetProperty("title").GetString());
        Assert.Equal("upwork", lead.GetProperty("source").GetString());
        Assert.Equal(DjangoMigration.Url, lead.GetProperty("url").GetString());
        Assert.Equal(DjangoMigration.Budget.Max, lead.GetProperty("budget").GetProperty("max").GetDecimal());
        Assert.Equal("fixed", lead.GetProperty("budget").GetProperty("type").GetString());
        Assert.Equal(DjangoMigration.Skills, lead.GetProperty("skills").EnumerateArray().Select(s => s.GetString()!));
        Assert.Equal(DjangoMigration.PostedAt, lead.GetProperty("posted_at").GetDateTimeOffset());
        Assert.Equal(DjangoMigration.Description, lead.GetProperty("description").GetString());
        Assert.Equal(90, lead.GetProperty("fit_score").GetDouble());
        Assert.Equal("Reason 1.", lead.GetProperty("reason").GetString());
    }

    // Scenario 4: truncation and refusal are named; repair requests are plain.

    [Fact]
    public async Task An_answer_cut_off_twice_fails_with_llm_truncated_after_a_plain_repair_request()
    {
        const string cut = """{"leads":[{"title":"Senior Python developer","url":"https://www.up""";
        fixture.OpenAi.Script(SearchPython(), Reply.Truncated(cut), Reply.Truncated(cut));

        var (_, task) = await RunLeadAsync();

        Assert.Equal("failed", task.GetProperty("status").GetString());
        Assert.Equal("llm_truncated", Code(task));
        Assert.Contains("cut off", Message(task), StringComparison.Ordinal);
        AssertPlainForTheModel(Message(task));
        var repair = fixture.OpenAi.Requests[2].Messages.Last();
        Assert.Equal("user", repair.GetProperty("role").GetString());
        Assert.Contains("cut off", repair.GetProperty("content").ToString(), StringComparison.Ordinal);
        AssertPlainForTheModel(repair.GetProperty("content").ToString());
    }

    [Fact]
    public async Task An_answer_cut_off_once_is_asked_again_and_then_succeeds()
    {
        fixture.OpenAi.Script(SearchPython(), Reply.Truncated("""{"leads":[{"url":"htt"""), Reply.Answer(Answer("One.", Labelled(DonorCrm))));

        var (_, task) = await RunLeadAsync();

        Assert.Equal("succeeded", task.GetProperty("status").GetString());
        Assert.Equal([DonorCrm.Url], Urls(task.GetProperty("result")));
    }

    [Fact]
    public async Task A_refusal_fails_with_llm_refused_and_says_what_the_model_said()
    {
        fixture.OpenAi.Script(SearchPython(), Reply.Refusal("I can't help with that request."), Reply.Answer(Answer("x", Labelled(DonorCrm))));

        var (_, task) = await RunLeadAsync();

        Assert.Equal("failed", task.GetProperty("status").GetString());
        Assert.Equal("llm_refused", Code(task));
        Assert.Contains("I can't help with that request.", Message(task), StringComparison.Ordinal);
        Assert.Equal(2, fixture.OpenAi.Requests.Count);
    }

    [Fact]
    public async Task A_content_filter_stop_fails_with_llm_refused()
    {
        fixture.OpenAi.Script(SearchPython(), Reply.Answer("", finishReason: "content_filter"));

        var (_, task) = await RunLeadAsync();

        Assert.Equal("failed", task.GetProperty("status").GetString());
        Assert.Equal("llm_refused", Code(task));
        Assert.Contains("content filter", Message(task), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_repair_request_says_plainly_what_was_wrong_without_parser_text()
    {
        fixture.OpenAi.Script(SearchPython(), Reply.Answer("Sure! Here are some leads: ..."), Reply.Answer(Answer("One.", Labelled(DonorCrm))));

        var (_, task) = await RunLeadAsync();

        Assert.Equal("succeeded", task.GetProperty("status").GetString());
        var repair = fixture.OpenAi.Requests[2].Messages.Last();
        Assert.Equal("user", repair.GetProperty("role").GetString());
        Assert.Contains("not a JSON object", repair.GetProperty("content").ToString(), StringComparison.Ordinal);
        AssertPlainForTheModel(repair.GetProperty("content").ToString());
    }

    // Scenario 5: no grounded lead is never a clean success, and the summary never describes dropped leads.

    [Fact]
    public async Task An_answer_that_used_no_tool_is_sent_back_once_and_then_fails_with_llm_ungrounded()
    {
        var invented = Answer("Two great leads: Quantum Django Wizard and more.", (InventedUrl, "Quantum Django Wizard", "upwork", "$9,000 fixed"));
        fixture.OpenAi.Script(Reply.Answer(invented), Reply.Answer(invented));

        var (_, task) = await RunLeadAsync();

        Assert.Equal("failed", task.GetProperty("status").GetString());
        Assert.Equal("llm_ungrounded", Code(task));
        Assert.DoesNotContain("Quantum Django Wizard", task.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(2, fixture.OpenAi.Requests.Count);
        var repair = fixture.OpenAi.Requests[1].Messages.Last();
        Assert.Contains("search_leads", repair.GetProperty("content").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_answer_without_searching_is_sent_back_and_a_search_then_grounds_it()
    {
        fixture.OpenAi.Script(
            Reply.Answer(Answer("I found three great leads for you.")),
            SearchPython(),
            Reply.Answer(Answer("One Django lead.", Labelled(DonorCrm))));

        var (_, task) = await RunLeadAsync();

        Assert.Equal("succeeded", task.GetProperty("status").GetString());
        Assert.Equal([DonorCrm.Url], Urls(task.GetProperty("result")));
        Assert.Equal(3, fixture.OpenAi.Requests.Count);
    }

    [Fact]
    public async Task An_answer_whose_every_lead_is_invented_fails_with_llm_ungrounded_even_after_a_search()
    {
        var invented = Answer("Quantum Django Wizard is perfect.", (InventedUrl, "Quantum Django Wizard", "upwork", "$9,000 fixed"));
        fixture.OpenAi.Script(SearchPython(), Reply.Answer(invented), Reply.Answer(invented));

        var (_, task) = await RunLeadAsync();

        Assert.Equal("failed", task.GetProperty("status").GetString());
        Assert.Equal("llm_ungrounded", Code(task));
        Assert.DoesNotContain("Quantum Django Wizard", task.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_a_lead_is_dropped_the_summary_is_not_the_models_and_names_only_kept_leads()
    {
        fixture.OpenAi.Script(
            SearchPython(),
            Reply.Answer(Answer("Senior Python developer and Quantum Django Wizard are both great.",
                Labelled(DjangoMigration), (InventedUrl, "Quantum Django Wizard", "upwork", "$9,000 fixed"))));

        var (_, task) = await RunLeadAsync();

        Assert.Equal("succeeded", task.GetProperty("status").GetString());
        var result = task.GetProperty("result");
        var summary = result.GetProperty("summary").GetString()!;
        Assert.DoesNotContain("Quantum Django Wizard", summary, StringComparison.Ordinal);
        Assert.Contains(DjangoMigration.Title, summary, StringComparison.Ordinal);
        var dropped = Assert.Single(result.GetProperty("dropped_leads").EnumerateArray());
        Assert.Equal(InventedUrl, dropped.GetProperty("url").GetString());
        Assert.Equal("invented", dropped.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_search_that_finds_nothing_and_an_empty_answer_is_an_honest_success()
    {
        fixture.OpenAi.Script(
            Reply.ToolCall("call_1", "search_leads", new { query = "cobol mainframe" }),
            Reply.Answer(Answer("Nothing matched COBOL.")));

        var (_, task) = await RunLeadAsync("""{"query":"cobol mainframe"}""");

        Assert.Equal("succeeded", task.GetProperty("status").GetString());
        Assert.Empty(task.GetProperty("result").GetProperty("leads").EnumerateArray());
        Assert.Equal("Nothing matched COBOL.", task.GetProperty("result").GetProperty("summary").GetString());
    }

    // Scenario 6: leads beyond the limit and duplicates are listed with a reason.

    [Fact]
    public async Task Leads_beyond_the_limit_and_duplicates_are_listed_in_dropped_leads_with_a_reason()
    {
        fixture.OpenAi.Script(
            SearchPython(),
            Reply.Answer(Answer("Four picks.", Labelled(DjangoMigration), Labelled(DonorCrm), Labelled(DjangoMigration), Labelled(RealEstateScraping))));

        var (_, task) = await RunLeadAsync("""{"query":"python django","limit":2}""");

        Assert.Equal("succeeded", task.GetProperty("status").GetString());
        var result = task.GetProperty("result");
        Assert.Equal([DjangoMigration.Url, DonorCrm.Url], Urls(result));
        var dropped = result.GetProperty("dropped_leads").EnumerateArray().ToList();
        Assert.Equal([DjangoMigration.Url, RealEstateScraping.Url], dropped.Select(d => d.GetProperty("url").GetString()));
        Assert.Equal(["duplicate", "over_limit"], dropped.Select(d => d.GetProperty("reason").GetString()));
        Assert.Equal(RealEstateScraping.Title, dropped[1].GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_lead_from_a_board_the_query_excluded_is_dropped_with_a_reason()
    {
        fixture.OpenAi.Script(
            Reply.ToolCall("call_1", "get_lead", new { url = PriceMonitoring.Url }),
            Reply.Answer(Answer("Price monitoring.", Labelled(PriceMonitoring))));

        var (_, task) = await RunLeadAsync("""{"query":"scraping","sources":["upwork"]}""");

        Assert.Equal("succeeded", task.GetProperty("status").GetString());
        var result = task.GetProperty("result");
        Assert.Empty(result.GetProperty("leads").EnumerateArray());
        Assert.Equal("other_source", Assert.Single(result.GetProperty("dropped_leads").EnumerateArray()).GetProperty("reason").GetString());
    }

    // Retry-After from the model's server: clamped, never fatal.

    [Theory]
    [InlineData("Retry-After", "-3")]
    [InlineData("Retry-After", "1e20")]
    [InlineData("Retry-After", "NaN")]
    [InlineData("retry-after-ms", "-500")]
    [InlineData("retry-after-ms", "1e30")]
    public async Task An_odd_retry_after_is_clamped_and_the_call_is_retried(string header, string value)
    {
        fixture.OpenAi.Script(Reply.Error(429, (header, value)), SearchPython(), Reply.Answer(Answer("One.", Labelled(DonorCrm))));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var (_, task) = await RunLeadAsync();

        Assert.Equal("succeeded", task.GetProperty("status").GetString());
        Assert.Equal(1, task.GetProperty("attempts").GetInt32());
        Assert.Equal(3, fixture.OpenAi.Requests.Count);
        // The fixture's MaxRetryDelay is 1 s: a huge Retry-After waits that long, not years.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    // The protocol that already worked stays right.

    [Fact]
    public async Task Bad_missing_and_malformed_arguments_and_unknown_tools_are_answered_as_tool_results_and_the_loop_goes_on()
    {
        fixture.OpenAi.Script(
            Reply.ToolCalls([
                ("call_1", "search_leads", """{"query":42}"""),
                ("call_2", "search_leads", "{}"),
                ("call_3", "get_lead", "{\"url\": \"https://www.upw"),
                ("call_4", "find_jobs", """{"query":"python"}"""),
            ]),
            SearchPython(),
            Reply.Answer(Answer("One.", Labelled(DonorCrm))));

        var (id, task) = await RunLeadAsync();

        Assert.Equal("succeeded", task.GetProperty("status").GetString());
        var results = fixture.OpenAi.Requests[1].Messages.Where(m => m.GetProperty("role").GetString() == "tool").ToList();
        Assert.Equal(["call_1", "call_2", "call_3", "call_4"], results.Select(m => m.GetProperty("tool_call_id").GetString()));
        var contents = results.Select(m => m.GetProperty("content").ToString()).ToList();
        Assert.All(contents, c => Assert.Contains("error", c, StringComparison.Ordinal));
        Assert.Contains("query", contents[0], StringComparison.Ordinal);
        Assert.Contains("query", contents[1], StringComparison.Ordinal);
        Assert.Contains("not valid JSON", contents[2], StringComparison.Ordinal);
        Assert.Contains("search_leads", contents[3], StringComparison.Ordinal);
        contents.ForEach(AssertPlainForTheModel);
        var transcript = await TranscriptAsync(id);
        Assert.Equal(5, transcript.Count(e => e.GetProperty("type").GetString() == "tool_result"));
    }

    [Fact]
    public async Task Usage_is_the_exact_sum_of_every_model_call_including_the_repair()
    {
        fixture.OpenAi.Script(
            Reply.ToolCall("call_1", "search_leads", new { query = "python" }, promptTokens: 101, completionTokens: 11),
            Reply.Answer("not json", promptTokens: 203, completionTokens: 23),
            Reply.Answer(Answer("One.", Labelled(DonorCrm)), promptTokens: 307, completionTokens: 37));

        var (_, task) = await RunLeadAsync();

        Assert.Equal("succeeded", task.GetProperty("status").GetString());
        Assert.Equal(611, task.GetProperty("usage").GetProperty("prompt_tokens").GetInt64());
        Assert.Equal(71, task.GetProperty("usage").GetProperty("completion_tokens").GetInt64());
    }

    [Fact]
    public async Task Server_errors_on_every_try_end_in_llm_unavailable_and_slow_replies_in_llm_timeout()
    {
        fixture.OpenAi.Script(Enumerable.Range(0, 6).Select(_ => Reply.Error(500)).ToArray());
        var (_, unavailable) = await RunLeadAsync();
        Assert.Equal("llm_unavailable", Code(unavailable));
        Assert.Equal(6, fixture.OpenAi.Requests.Count);

        fixture.OpenAi.Script(SearchPython() with { Delay = TimeSpan.FromSeconds(4) }, SearchPython() with { Delay = TimeSpan.FromSeconds(4) });
        var (_, slow) = await RunLeadAsync();
        Assert.Equal("llm_timeout", Code(slow));
        Assert.Contains("2 s", Message(slow), StringComparison.Ordinal);
    }
}
