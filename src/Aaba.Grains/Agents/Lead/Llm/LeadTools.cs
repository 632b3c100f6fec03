using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Aaba.Grains.Agents.Lead.Llm;

/// <summary>
/// The tools the model may call, executed against the lead sources. Every lead a tool returns goes into the run's
/// <see cref="LeadLedger"/>, from which the final answer's leads are rebuilt. Invalid calls answer with an
/// <c>error</c> object in plain words.
/// </summary>
public sealed class LeadTools(LeadSearch search)
{
    public const string SearchLeads = "search_leads";
    public const string GetLead = "get_lead";

    /// <summary>The lead agent's own input: a search takes what a task takes, read by the same rules.</summary>
    private static readonly JsonElement SearchSchema = JsonDocument.Parse(LeadAgentInput.Schema).RootElement.Clone();

    private static readonly JsonElement GetSchema = JsonDocument.Parse(
        """{"type":"object","required":["url"],"properties":{"url":{"type":"string","description":"The lead's url as search_leads returned it."}}}""")
        .RootElement.Clone();

    /// <summary>The tools for one run: they record into <paramref name="ledger"/> and keep to the boards <paramref name="query"/> allows.</summary>
    public IList<AITool> For(LeadQuery query, LeadLedger ledger) =>
    [
        new LeadToolFunction(SearchLeads, "Search job leads by words and skills. Returns the best matches, newest first among equals.",
            SearchSchema, (arguments, cancellationToken) => SearchAsync(arguments, query, ledger, cancellationToken)),
        new LeadToolFunction(GetLead, "Get the full details of one lead by its URL.",
            GetSchema, (arguments, cancellationToken) => GetAsync(arguments, ledger, cancellationToken)),
    ];

    private async Task<string> SearchAsync(string arguments, LeadQuery asked, LeadLedger ledger, CancellationToken cancellationToken)
    {
        var errors = LeadAgentInput.Read(arguments, out var query);
        if (query is null)
        {
            return Error($"Invalid arguments: {string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))}");
        }
        var found = await search.SearchAsync(query with { Sources = Allowed(query.Sources, asked.Sources) }, cancellationToken);
        foreach (var ranked in found)
        {
            ledger.Add(ranked.Lead);
        }
        ledger.MarkConsulted();
        return JsonSerializer.Serialize(new { leads = found.Select(ranked => ranked.Lead.ToView()) }, AabaJson.Options);
    }

    private async Task<string> GetAsync(string arguments, LeadLedger ledger, CancellationToken cancellationToken)
    {
        var url = ReadUrl(arguments);
        if (url is null)
        {
            return Error("Invalid arguments: 'url' (a string) is required.");
        }
        var lead = await search.FindAsync(url.Trim(), cancellationToken);
        if (lead is null)
        {
            return Error($"No lead has the URL '{url}'. Use a url exactly as {SearchLeads} returned it.");
        }
        ledger.Add(lead);
        ledger.MarkConsulted();
        return JsonSerializer.Serialize(lead.ToView(), AabaJson.Options);
    }

    /// <summary>The boards a search may cover: the model may narrow the user's choice, never widen it.</summary>
    private static ImmutableArray<string> Allowed(ImmutableArray<string> requested, ImmutableArray<string> asked)
    {
        if (asked.IsDefaultOrEmpty)
        {
            return requested;
        }
        var both = requested.IsDefaultOrEmpty ? asked : requested.Where(asked.Contains).ToImmutableArray();
        return both.IsEmpty ? asked : both;
    }

    private static string? ReadUrl(string arguments)
    {
        using var document = JsonDocument.Parse(arguments);
        return document.RootElement.ValueKind == JsonValueKind.Object &&
               document.RootElement.TryGetProperty("url", out var url) && url.ValueKind == JsonValueKind.String
            ? url.GetString()
            : null;
    }

    /// <summary>The answer to a call the model could not make: arguments that are not JSON.</summary>
    public static string MalformedArguments(string tool) =>
        Error($"The arguments of this {tool} call are not valid JSON. Send one JSON object, e.g. " +
              (tool == GetLead ? """{"url": "https://…"}""" : """{"query": "python django"}""") + ".");

    /// <summary>The answer to a call of a tool that does not exist.</summary>
    public static string UnknownTool(string tool) => Error($"There is no tool named '{tool}'. Use {SearchLeads} or {GetLead}.");

    /// <summary>The answer when a tool failed on our side; the details go to the logs, not to the model.</summary>
    public static string Failed(string tool) => Error($"{tool} failed unexpectedly. Try again, or answer with the leads you have.");

    public static string Error(string message) => JsonSerializer.Serialize(new { error = message }, AabaJson.Options);
}
