using System.Text.Json.Nodes;
using Aaba.Abstractions.Tasks;
using Orleans.Concurrency;

namespace Aaba.Grains.Agents.Enrich;

/// <summary>Runs lead enrichment. A stateless worker: every silo enriches locally.</summary>
[StatelessWorker]
public sealed class EnrichAgentGrain(AgentRunner runner, LeadEnricher enricher, AgentConcurrencyGate concurrency) : AgentGrain(runner), IEnrichAgentGrain
{
    protected override async Task<string> RunAsync(AgentRunContext context)
    {
        var config = JsonNode.Parse(context.Invocation.Descriptor?.ConfigJson ?? "{}") as JsonObject ?? [];
        var fetch = config["fetch_pages"]?.GetValue<bool>() ?? true;
        var rates = new Dictionary<string, decimal>(BudgetNormalizer.DefaultRates, StringComparer.OrdinalIgnoreCase);
        foreach (var (currency, rate) in config["usd_rates"] as JsonObject ?? [])
        {
            rates[currency] = rate!.GetValue<decimal>();
        }
        var input = JsonNode.Parse(context.Invocation.InputJson) as JsonObject
            ?? throw new AgentException(TaskErrorCodes.InvalidInput, "The stored input is no longer valid for this agent.");
        using var slot = await concurrency.EnterAsync(context);
        if (input["lead"] is JsonObject lead)
        {
            return (await EnrichOneAsync(context, lead, fetch, rates)).ToJsonString(AabaJson.Options);
        }
        var enriched = new JsonArray();
        foreach (var each in (input["leads"] as JsonArray ?? []).OfType<JsonObject>())
        {
            enriched.Add(await EnrichOneAsync(context, each, fetch, rates));
        }
        return new JsonObject { ["leads"] = enriched }.ToJsonString(AabaJson.Options);
    }

    private async Task<JsonObject> EnrichOneAsync(AgentRunContext context, JsonObject lead, bool fetch, IReadOnlyDictionary<string, decimal> rates)
    {
        var name = lead["title"]?.ToString() ?? lead["url"]?.ToString() ?? "lead";
        context.ReportProgress($"Enriching '{name}'", new { url = lead["url"]?.ToString() });
        var enriched = await enricher.EnrichAsync(lead, fetch, rates, context.CancellationToken);
        var enrichment = enriched["enrichment"]!;
        context.ReportProgress($"Enriched '{name}': company {enrichment["company"]?.ToString() ?? "unknown"}",
            new { company = enrichment["company"]?.ToString(), page_fetched = enrichment["page"]?["fetched"]?.GetValue<bool>() });
        return enriched;
    }
}
