using System.Text.Json;
using System.Text.Json.Nodes;
using Aaba.Abstractions;
using Aaba.Abstractions.Agents;
using Aaba.Abstractions.Security;
using Aaba.Abstractions.Tasks;
using Aaba.Grains.Agents;
using Aaba.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Aaba.IntegrationTests.Automations;

/// <summary>Run-time agents, CRM delivery and pipelines on the shared two-silo cluster, against a local receiver that verifies signatures.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AutomationTests(ClusterFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..30];

    private async Task<TaskSnapshot> RunToEndAsync(string agent, string input, TimeSpan? within = null)
    {
        var id = TaskId.New(TimeProvider.System);
        await fixture.Grains.GetTaskGrain(id).StartAsync(new TaskSubmission(agent, input));
        var deadline = DateTimeOffset.UtcNow + (within ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var task = await fixture.Grains.GetTaskGrain(id).WaitAsync(TenantId.Default, TimeSpan.FromSeconds(5));
            if (task!.Status.IsTerminal() || DateTimeOffset.UtcNow > deadline)
            {
                return task;
            }
        }
    }

    [Fact]
    public async Task A_registration_reaches_both_silos_within_a_second_and_a_retired_agent_takes_no_new_runs()
    {
        var name = Unique("enricher");
        var registry = fixture.Grains.GetOrchestrator();
        var agent = await registry.RegisterAsync(new AgentRegistration(name, "enrich", "test", null, null, 2, """{"fetch_pages":false}"""));
        Assert.Equal(1, agent.Version);
        var registeredAt = DateTimeOffset.UtcNow;
        var caches = fixture.Cluster.GetActiveSilos().Select(s => s.ServiceProvider.GetRequiredService<AgentCatalogCache>()).ToList();
        Assert.Equal(2, caches.Count);
        await Eventually.UntilAsync(async () =>
        {
            foreach (var cache in caches)
            {
                if ((await cache.GetAsync()).Find(name)?.Version != 1)
                {
                    return false;
                }
            }
            return true;
        }, "both silos see the new agent", TimeSpan.FromSeconds(5));
        Assert.True(DateTimeOffset.UtcNow - registeredAt < TimeSpan.FromSeconds(1.5), "propagation took longer than a second");

        var changed = await registry.RegisterAsync(new AgentRegistration(name, "enrich", "test, changed", null, null, 2, """{"fetch_pages":false}"""));
        Assert.Equal(2, changed.Version);
        await Eventually.UntilAsync(async () => (await Task.WhenAll(caches.Select(c => c.GetAsync().AsTask()))).All(c => c.Find(name)?.Version == 2),
            "both silos see version 2", TimeSpan.FromSeconds(5));
        var run = await RunToEndAsync(name, """{"lead":{"id":"l1","title":"Django app","description":"Client: a bakery.","skills":["django"]}}""");
        Assert.Equal(AgentTaskStatus.Succeeded, run.Status);
        Assert.Equal(2, run.AgentVersion);
        Assert.Equal("a bakery", JsonNode.Parse(run.ResultJson!)!["enrichment"]!["company"]!.GetValue<string>());

        Assert.True(await registry.RetireAsync(name));
        await Task.Delay(TimeSpan.FromSeconds(1.2), Cancellation);
        await Assert.ThrowsAsync<UnknownAgentException>(() =>
            fixture.Grains.GetTaskGrain(TaskId.New(TimeProvider.System)).StartAsync(new TaskSubmission(name, """{"lead":{}}""")));
        await Assert.ThrowsAsync<BuiltInAgentException>(() => registry.RetireAsync("lead"));
    }

    [Fact]
    public async Task Crm_delivers_exactly_one_effect_per_lead_despite_injected_500s_and_timeouts()
    {
        await using var receiver = await WebhookReceiver.StartAsync(ClusterFixture.WebhookSecret);
        // Each lead's first try gets a 500, its second stalls past the sender's 1 s timeout (the receiver applies it
        // anyway, as a slow CRM would), its third is answered.
        receiver.Failures = attempt => attempt switch { 1 => WebhookReceiver.Failure.ServerError, 2 => WebhookReceiver.Failure.Stall, _ => null };
        var leads = new JsonArray([.. Enumerable.Range(1, 5).Select(i => (JsonNode)new JsonObject { ["id"] = $"lead-{i}", ["title"] = $"Lead {i}" })]);
        var input = new JsonObject { ["leads"] = leads, ["webhook_url"] = receiver.Url + "/crm" }.ToJsonString();

        var task = await RunToEndAsync(AabaKeys.CrmAgent, input);

        Assert.Equal(AgentTaskStatus.Succeeded, task.Status);
        Assert.Equal(5, receiver.Applied.Count);
        Assert.Equal(0, receiver.Rejected);
        Assert.True(receiver.Deliveries >= 15, $"{receiver.Deliveries} deliveries");
        var result = JsonNode.Parse(task.ResultJson!)!;
        Assert.All(result["deliveries"]!.AsArray(), d =>
        {
            Assert.Equal("delivered", d!["status"]!.GetValue<string>());
            Assert.Equal(3, d["attempts"]!.AsArray().Count);
            Assert.Contains(d["webhook_id"]!.GetValue<string>(), receiver.Applied.Keys);
        });
        var bodies = receiver.Applied.Values.Select(b => JsonNode.Parse(b)!["data"]!["id"]!.GetValue<string>()).Order().ToList();
        Assert.Equal([.. Enumerable.Range(1, 5).Select(i => $"lead-{i}")], bodies);
    }

    [Fact]
    public async Task Lead_to_crm_runs_its_steps_as_child_tasks_and_reports_them_as_progress()
    {
        await using var receiver = await WebhookReceiver.StartAsync(ClusterFixture.WebhookSecret);
        var input = new JsonObject { ["query"] = "python", ["limit"] = 3, ["webhook_url"] = receiver.Url + "/crm" }.ToJsonString();
        var id = TaskId.New(TimeProvider.System);
        var grain = fixture.Grains.GetTaskGrain(id);
        await grain.StartAsync(new TaskSubmission(AabaKeys.LeadToCrmPipeline, input));
        var events = new List<TaskEvent>();
        long after = 0;
        while (true)
        {
            var batch = (await grain.WaitForEventsAsync(TenantId.Default, after, TimeSpan.FromSeconds(5)))!;
            events.AddRange(batch.Events);
            after = events.Count > 0 ? events[^1].Id : 0;
            if (batch.Finished)
            {
                break;
            }
        }
        var task = (await grain.GetAsync(TenantId.Default))!;
        Assert.Equal(AgentTaskStatus.Succeeded, task.Status);
        var steps = await fixture.Grains.GetTaskQueries().GetStepsAsync(id);
        Assert.Equal(["lead", "enrich", "enrich", "enrich", "crm"], steps.Select(s => s.Agent));
        foreach (var step in steps)
        {
            var child = (await fixture.Grains.GetTaskGrain(step.Id).GetAsync(TenantId.Default))!;
            Assert.Equal((id, AgentTaskStatus.Succeeded), (child.ParentId!.Value, child.Status));
        }
        Assert.Equal(3, receiver.Applied.Count);
        var messages = events.Where(e => e.Type == TaskEventTypes.Progress).Select(e => JsonDocument.Parse(e.DataJson).RootElement.GetProperty("message").GetString()!).ToList();
        Assert.Contains(messages, m => m.StartsWith("Step enrich[0]", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Step deliver: Delivered lead", StringComparison.Ordinal));

        // Started again (as a resumed attempt would), every child is found as it is: nothing runs twice.
        var again = await fixture.Grains.GetTaskGrain(steps[0].Id).StartAsync(new TaskSubmission("lead", JsonNode.Parse("""{"query":"python","limit":3}""")!.ToJsonString(), null, TenantId.Default, id));
        Assert.Equal((AgentTaskStatus.Succeeded, 1), (again.Status, again.Attempts));
    }
}
