using System.Text.Json.Nodes;
using Aaba.Abstractions;
using Aaba.Abstractions.Agents.Lead;
using Aaba.Abstractions.Http;
using Aaba.Abstractions.Tasks;
using Aaba.Client;
using Aaba.Client.Leads;
using static Aaba.Testing.FakeOpenAiServer;

namespace Aaba.IntegrationTests.Client;

/// <summary>
/// What a .NET application sees through <see cref="IAabaClient"/>, the same cases for each transport against one real
/// embedded Aaba: <see cref="HttpAabaClientTests"/> and <see cref="ClusterAabaClientTests"/>.
/// </summary>
public abstract class AabaClientTests(ClientFixture fixture)
{
    protected ClientFixture Fixture { get; } = fixture;

    protected abstract IAabaClient Client { get; }

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private static JsonObject Add(int x, int y, int delayMs = 0) => new() { ["x"] = x, ["y"] = y, ["delay_ms"] = delayMs };

    [Fact]
    public async Task A_run_is_accepted_and_waiting_returns_its_result()
    {
        var accepted = await Client.RunAsync(AabaKeys.AddAgent, Add(2, 3, delayMs: 300), cancellationToken: Cancellation);
        var task = await Client.WaitAsync(accepted.TaskId, Wait, Cancellation);

        Assert.Equal(AabaKeys.AddAgent, accepted.Agent);
        Assert.Equal(AabaRoutes.Task(accepted.TaskId), accepted.StatusUrl);
        Assert.False(accepted.Replayed);
        Assert.Equal(AgentTaskStatus.Succeeded, task.Status);
        Assert.Equal(5, JsonNode.Parse(task.ResultJson!)!["sum"]!.GetValue<double>());
        Assert.Equal(task, (await Client.GetAsync(accepted.TaskId, Cancellation))! with { AttemptHistory = task.AttemptHistory });
    }

    [Fact]
    public async Task A_wait_that_times_out_returns_the_task_as_it_stands()
    {
        var accepted = await Client.RunAsync(AabaKeys.AddAgent, Add(1, 1, delayMs: 60_000), cancellationToken: Cancellation);

        var task = await Client.WaitAsync(accepted.TaskId, TimeSpan.FromMilliseconds(500), Cancellation);

        Assert.Equal(AgentTaskStatus.Running, task.Status);
        await Client.CancelAsync(accepted.TaskId, Cancellation);
    }

    [Fact]
    public async Task The_lead_helper_returns_typed_leads()
    {
        var progress = new RecordedProgress();
        var result = await Client.RunLeadAsync(new LeadQuery("python") { Sources = ["upwork", "linkedin"], Limit = 3 }, progress: progress, cancellationToken: Cancellation);

        var offline = Assert.IsType<OfflineLeadResult>(result);
        Assert.Equal("python", offline.Query);
        Assert.InRange(offline.Leads.Count, 1, 3);
        Assert.All(offline.Leads, lead =>
        {
            Assert.Contains(lead.Source, new[] { "upwork", "linkedin" });
            Assert.StartsWith("https://", lead.Url, StringComparison.Ordinal);
            Assert.NotNull(lead.Score);
            Assert.False(string.IsNullOrEmpty(lead.Budget.Currency));
        });
        Assert.Equal(["Searching", "Found"], progress.Events.Select(e => e.GetProgressMessage()?.Split(' ')[0]).OfType<string>());
        Assert.True(progress.Events[^1].IsTerminal());
    }

    [Fact]
    public async Task A_watch_reports_progress_live_and_resumes_after_a_dropped_connection_without_gaps_or_duplicates()
    {
        var accepted = await Client.RunAsync(AabaKeys.AddAgent, Add(2, 2, delayMs: 1500), cancellationToken: Cancellation);
        var cutsBefore = Fixture.Cutter.Cuts;
        Fixture.Cutter.CutOnceAfter(events: 1);

        var watched = await Collect(Client.WatchAsync(accepted.TaskId, cancellationToken: Cancellation));

        Assert.Equal(cutsBefore + 1, Fixture.Cutter.Cuts);
        // A replay of the finished task is the reference: the watch saw every event once, in order.
        var replay = await Collect(Client.WatchAsync(accepted.TaskId, cancellationToken: Cancellation));
        Assert.Equal(replay.Select(e => e.Id), watched.Select(e => e.Id));
        Assert.Equal(replay.Select(e => e.DataJson), watched.Select(e => e.DataJson));
        Assert.Equal(["queued", "running", "succeeded"], watched.Select(e => e.TryGetStatus(out var s) ? s.ToWireName() : e.Type));
    }

    [Fact]
    public async Task A_watch_from_an_event_id_continues_after_it()
    {
        var accepted = await Client.RunAsync(AabaKeys.LeadAgent, new JsonObject { ["query"] = "react typescript" }, cancellationToken: Cancellation);
        var all = await Collect(Client.WatchAsync(accepted.TaskId, cancellationToken: Cancellation));

        var rest = await Collect(Client.WatchAsync(accepted.TaskId, afterEventId: all[1].Id, Cancellation));

        Assert.Equal(all.Skip(2).Select(e => e.Id), rest.Select(e => e.Id));
        Assert.Contains(all, e => e.GetProgressMessage()?.StartsWith("Searching", StringComparison.Ordinal) == true);
        Assert.True(all[^1].IsTerminal());
    }

    [Fact]
    public async Task Cancel_stops_a_running_task_again_is_harmless_and_a_finished_task_is_a_conflict()
    {
        var running = await Client.RunAsync(AabaKeys.AddAgent, Add(1, 2, delayMs: 60_000), cancellationToken: Cancellation);
        var done = await Client.RunAsync(AabaKeys.AddAgent, Add(1, 2), cancellationToken: Cancellation);
        await Client.WaitAsync(done.TaskId, Wait, Cancellation);

        var cancelled = await Client.CancelAsync(running.TaskId, Cancellation);
        var again = await Client.CancelAsync(running.TaskId, Cancellation);
        var conflict = await Assert.ThrowsAsync<AabaConflictException>(() => Client.CancelAsync(done.TaskId, Cancellation));

        Assert.Equal(AgentTaskStatus.Cancelled, cancelled.Status);
        Assert.Equal(AgentTaskStatus.Cancelled, again.Status);
        Assert.Equal(AgentTaskStatus.Cancelled, (await Client.WaitAsync(running.TaskId, Wait, Cancellation)).Status);
        Assert.Equal(409, conflict.StatusCode);
    }

    [Fact]
    public async Task A_listing_goes_across_pages_newest_first_without_skipping_or_repeating()
    {
        var since = DateTimeOffset.UtcNow.AddMilliseconds(-1);
        var ids = new List<TaskId>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await Client.RunAsync(AabaKeys.AddAgent, Add(i, i), cancellationToken: Cancellation)).TaskId);
        }

        var pages = new List<TaskPage>();
        await foreach (var page in Client.ListAsync(new TaskQuery(AabaKeys.AddAgent, null, since, null, null, Limit: 2), Cancellation))
        {
            pages.Add(page);
        }

        Assert.Equal([2, 2, 1], pages.Select(p => p.Items.Length));
        // Newest first by id: UUIDv7 order (two ids made in the same millisecond may sort either way).
        Assert.Equal(ids.OrderDescending(Comparer<TaskId>.Create((a, b) => string.CompareOrdinal(a.ToString(), b.ToString()))),
            pages.SelectMany(p => p.Items).Select(t => t.Id));
        Assert.Null(pages[^1].NextCursor);
        Assert.All(pages.SelectMany(p => p.Items), t => Assert.Equal(AabaKeys.AddAgent, t.Agent));
    }

    [Fact]
    public async Task The_same_idempotency_key_replays_the_same_task_and_a_different_request_with_it_is_a_conflict()
    {
        var options = new RunOptions { IdempotencyKey = $"client-{Guid.NewGuid():N}", Timeout = TimeSpan.FromSeconds(30) };

        var first = await Client.RunAsync(AabaKeys.AddAgent, Add(4, 5), options, Cancellation);
        var replay = await Client.RunAsync(AabaKeys.AddAgent, Add(4, 5), options, Cancellation);
        var conflict = await Assert.ThrowsAsync<AabaConflictException>(() => Client.RunAsync(AabaKeys.AddAgent, Add(4, 6), options, Cancellation));

        Assert.False(first.Replayed);
        Assert.True(replay.Replayed);
        Assert.Equal(first.TaskId, replay.TaskId);
        Assert.Equal(AabaProblems.Titles.IdempotencyKeyReused, conflict.Problem.Title);
        Assert.Equal(TimeSpan.FromSeconds(30), (await Client.GetAsync(first.TaskId, Cancellation))!.Timeout);
    }

    [Fact]
    public async Task Problems_become_typed_exceptions_carrying_the_problem_details()
    {
        var unknownAgent = await Assert.ThrowsAsync<AabaAgentNotFoundException>(() =>
            Client.RunAsync("summarize", new JsonObject(), cancellationToken: Cancellation));
        var invalid = await Assert.ThrowsAsync<AabaValidationException>(() =>
            Client.RunAsync(AabaKeys.LeadAgent, new JsonObject { ["query"] = "", ["limit"] = 99 }, cancellationToken: Cancellation));
        var noTask = TaskId.New(TimeProvider.System);
        var unknownTask = await Assert.ThrowsAsync<AabaTaskNotFoundException>(() => Client.WaitAsync(noTask, Wait, Cancellation));

        Assert.Equal("summarize", unknownAgent.Agent);
        Assert.Equal(404, unknownAgent.StatusCode);
        Assert.Equal(AabaProblems.Titles.UnknownAgent, unknownAgent.Problem.Title);
        Assert.Contains("GET /agents lists the agents", unknownAgent.Message, StringComparison.Ordinal);
        Assert.Equal(400, invalid.StatusCode);
        Assert.Equal(AabaProblems.Titles.InvalidInput, invalid.Problem.Title);
        Assert.Equal(["limit", "query"], invalid.Errors.Keys.Order());
        Assert.Equal(["Must be between 1 and 50."], invalid.Errors["limit"]);
        Assert.Equal(noTask, unknownTask.TaskId);
        Assert.Equal(404, unknownTask.StatusCode);
        Assert.Null(await Client.GetAsync(noTask, Cancellation));
        await Assert.ThrowsAsync<AabaTaskNotFoundException>(() => Client.CancelAsync(noTask, Cancellation));
        await Assert.ThrowsAsync<AabaTaskNotFoundException>(async () => await Collect(Client.WatchAsync(noTask, cancellationToken: Cancellation)));
    }

    [Fact]
    public async Task The_agents_counts_and_transcript_are_readable()
    {
        var accepted = await Client.RunAsync(AabaKeys.AddAgent, Add(1, 1), cancellationToken: Cancellation);
        await Client.WaitAsync(accepted.TaskId, Wait, Cancellation);

        var agents = await Client.GetAgentsAsync(Cancellation);
        var counts = await Client.CountAsync(Cancellation);
        var transcript = await Client.GetTranscriptAsync(accepted.TaskId, Cancellation);

        var lead = Assert.Single(agents, a => a.Name == AabaKeys.LeadAgent);
        Assert.Equal(AabaRoutes.Run(AabaKeys.LeadAgent), lead.RunUrl);
        Assert.Equal("object", JsonNode.Parse(lead.InputSchema.Text)!["type"]!.GetValue<string>());
        Assert.True(counts.ByAgent[AabaKeys.AddAgent]["succeeded"] >= 1);
        Assert.IsType<JsonArray>(JsonNode.Parse(transcript.Text));
    }

    private static string NewAgentName() => $"summarizer-{Guid.NewGuid():N}"[..26];

    /// <summary>An agent made of configuration, like the README's summarizer, answering through the fixture's fake model.</summary>
    private static AgentRequest Summarizer(string description = "Summarizes a text.") => new(
        "llm", description, TimeoutS: 30,
        Config: new RawJson("""{"system_prompt":"Summarize the user text.","tools":[],"answer_schema":{"type":"object","required":["summary"],"properties":{"summary":{"type":"string"}}}}"""));

    [Fact]
    public async Task An_admin_registers_an_llm_agent_runs_it_and_a_change_adds_a_version()
    {
        var name = NewAgentName();
        Fixture.OpenAi.Respond(_ => Reply.Answer("""{"summary":"Aaba runs agents as durable tasks."}"""));

        var registered = await Client.RegisterAgentAsync(name, Summarizer(), Cancellation);
        var again = await Client.RegisterAgentAsync(name, Summarizer(), Cancellation);
        var changed = await Client.RegisterAgentAsync(name, Summarizer("Summarizes a text in one sentence."), Cancellation);
        var read = await Client.GetAgentAsync(name, Cancellation);

        Assert.Equal((true, 1L, "llm", false, 30.0), (registered.Created, registered.Agent.Version, registered.Agent.Kind, registered.Agent.BuiltIn, registered.Agent.TimeoutS));
        Assert.Equal(AabaRoutes.Run(name), registered.Agent.RunUrl);
        Assert.Equal((false, 1L), (again.Created, again.Agent.Version));
        Assert.Equal((false, 2L), (changed.Created, changed.Agent.Version));
        Assert.Equal((2L, "Summarizes a text in one sentence."), (read!.Version, read.Description));
        Assert.Equal("Summarize the user text.", JsonNode.Parse(read.Config!.Value.Text)!["system_prompt"]!.GetValue<string>());
        Assert.Equal("string", JsonNode.Parse(read.InputSchema.Text)!["properties"]!["text"]!["type"]!.GetValue<string>());

        await Fixture.SetModelKeyAsync(name);
        await Fixture.SiloSeesAsync(name, version: 2);
        var run = await Client.RunAsync(name, new JsonObject { ["text"] = "Aaba runs AI agents as durable tasks. A task survives a crash." }, cancellationToken: Cancellation);
        var task = await Client.WaitAsync(run.TaskId, Wait, Cancellation);

        Assert.Equal(AgentTaskStatus.Succeeded, task.Status);
        Assert.Equal(2, task.AgentVersion);
        Assert.Equal("Aaba runs agents as durable tasks.", JsonNode.Parse(task.ResultJson!)!["summary"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_bad_registration_is_a_validation_error_by_field_and_a_built_in_name_is_a_conflict()
    {
        var badConfig = new AgentRequest("llm", Config: new RawJson("""{"system_prompt":"x","tools":["teleport"],"answer_schema":{"type":"object","properties":{"a":{"type":"strin"}}}}"""));
        var invalid = await Assert.ThrowsAsync<AabaValidationException>(() => Client.RegisterAgentAsync(NewAgentName(), badConfig, Cancellation));
        var badRequest = await Assert.ThrowsAsync<AabaValidationException>(() => Client.RegisterAgentAsync(
            "Not-a-name", Summarizer() with { Retry = new RetryResponse(3, -1, 10, ["llm_unavailable"]) }, Cancellation));
        var unknownKind = await Assert.ThrowsAsync<AabaValidationException>(() => Client.RegisterAgentAsync(NewAgentName(), Summarizer() with { Kind = "teleporter" }, Cancellation));
        var builtIn = await Assert.ThrowsAsync<AabaConflictException>(() => Client.RegisterAgentAsync(AabaKeys.LeadAgent, Summarizer(), Cancellation));
        var retireBuiltIn = await Assert.ThrowsAsync<AabaConflictException>(() => Client.RetireAgentAsync(AabaKeys.LeadAgent, Cancellation));
        var kinds = await Client.GetAgentKindsAsync(Cancellation);

        Assert.Equal((400, AabaProblems.Titles.InvalidAgent), (invalid.StatusCode, invalid.Problem.Title));
        Assert.Contains("config.tools[0]", invalid.Errors.Keys);
        Assert.Contains(invalid.Errors.Keys, k => k.StartsWith("config.answer_schema", StringComparison.Ordinal));
        Assert.Equal(["name", "retry"], badRequest.Errors.Keys.Order());
        Assert.Contains("Unknown kind 'teleporter'", Assert.Single(unknownKind.Errors["kind"]), StringComparison.Ordinal);
        Assert.Equal((409, AabaProblems.Titles.BuiltInAgent), (builtIn.StatusCode, builtIn.Problem.Title));
        Assert.Equal(409, retireBuiltIn.StatusCode);
        Assert.Null(await Client.GetAgentAsync(NewAgentName(), Cancellation));
        var llm = Assert.Single(kinds, k => k.Kind == "llm");
        Assert.Contains(kinds, k => k.Kind == "pipeline");
        Assert.Equal("object", JsonNode.Parse(llm.ConfigSchema.Text)!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_retired_agent_is_not_found_when_run_and_retiring_it_again_is_not_found()
    {
        var name = NewAgentName();
        await Client.RegisterAgentAsync(name, Summarizer(), Cancellation);
        await Fixture.SiloSeesAsync(name, version: 1);

        await Client.RetireAgentAsync(name, Cancellation);
        await Fixture.SiloSeesAsync(name, version: null);

        var run = await Assert.ThrowsAsync<AabaAgentNotFoundException>(() => Client.RunAsync(name, new JsonObject { ["text"] = "hello" }, cancellationToken: Cancellation));
        var again = await Assert.ThrowsAsync<AabaAgentNotFoundException>(() => Client.RetireAgentAsync(name, Cancellation));
        Assert.Equal((name, 404), (run.Agent, run.StatusCode));
        Assert.Equal((name, AabaProblems.Titles.UnknownAgent), (again.Agent, again.Problem.Title));
        Assert.Null(await Client.GetAgentAsync(name, Cancellation));
    }

    /// <summary>Keeps what was reported, in order, as it is reported (not posted elsewhere like <see cref="Progress{T}"/>).</summary>
    private sealed class RecordedProgress : IProgress<TaskEvent>
    {
        private readonly List<TaskEvent> _events = [];

        public IReadOnlyList<TaskEvent> Events
        {
            get
            {
                lock (_events)
                {
                    return [.. _events];
                }
            }
        }

        public void Report(TaskEvent value)
        {
            lock (_events)
            {
                _events.Add(value);
            }
        }
    }

    protected static async Task<List<TaskEvent>> Collect(IAsyncEnumerable<TaskEvent> events)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        timeout.CancelAfter(Wait);
        var list = new List<TaskEvent>();
        await foreach (var @event in events.WithCancellation(timeout.Token))
        {
            list.Add(@event);
        }
        return list;
    }
}
