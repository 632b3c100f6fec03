using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aaba.Grains.Agents.Enrich;
using Aaba.Grains.Agents.Lead.Llm;
using Aaba.Grains.Net;
using Microsoft.Extensions.AI;

namespace Aaba.Grains.Agents.Llm;

/// <summary>
/// The tools a configured (<c>llm</c>) agent may be given, by name: <c>search_leads</c> and <c>get_lead</c> (the lead
/// agent's own), <c>fetch_page</c> (a page's title, text and links, through the URL guard) and
/// <c>enrich_company</c> (what a lead's page says about its client). A tool answers an invalid call with an
/// <c>error</c> the model can act on, never an exception.
/// </summary>
public sealed class AgentToolCatalog(LeadTools leadTools, PageFetcher fetcher, LeadEnricher enricher)
{
    public const string FetchPage = "fetch_page";
    public const string EnrichCompany = "enrich_company";
    private const int MaxPageText = 8000;
    private const int MaxLinks = 30;

    /// <summary>Every tool name an agent may list.</summary>
    public static readonly FrozenSet<string> Names = new[] { LeadTools.SearchLeads, LeadTools.GetLead, FetchPage, EnrichCompany }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly JsonElement UrlSchema = JsonDocument.Parse(
        """{"type":"object","required":["url"],"properties":{"url":{"type":"string","description":"An absolute http(s) URL."}}}""").RootElement.Clone();

    /// <summary>The tools named in <paramref name="names"/> for one run (search results go into <paramref name="run"/>'s ledger).</summary>
    public IList<AITool> For(IEnumerable<string> names, LlmRun run)
    {
        var wanted = names.ToHashSet(StringComparer.Ordinal);
        var tools = leadTools.For(run.Query, run.Ledger).Where(t => wanted.Contains(t.Name)).ToList();
        if (wanted.Contains(FetchPage))
        {
            tools.Add(new LeadToolFunction(FetchPage, "Fetch a web page: its title, visible text (shortened) and links.", UrlSchema, FetchPageAsync));
        }
        if (wanted.Contains(EnrichCompany))
        {
            tools.Add(new LeadToolFunction(EnrichCompany, "What a job or company page says about the client: company, site, contact page, technologies, budget in USD.",
                UrlSchema, EnrichCompanyAsync));
        }
        return tools;
    }

    private async Task<string> FetchPageAsync(string arguments, CancellationToken cancellationToken)
    {
        if (ReadUrl(arguments) is not { } url)
        {
            return LeadTools.Error("Invalid arguments: 'url' (a string) is required.");
        }
        try
        {
            var page = await fetcher.FetchAsync(url, cancellationToken);
            var facts = await LeadEnricher.ReadPageAsync(page, cancellationToken);
            var parser = new AngleSharp.Html.Parser.HtmlParser();
            using var document = await parser.ParseDocumentAsync(page.Body, cancellationToken);
            var text = System.Text.RegularExpressions.Regex.Replace(document.Body?.TextContent ?? "", @"\s+", " ").Trim();
            var links = document.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")).OfType<string>()
                .Select(href => Uri.TryCreate(new Uri(page.FinalUrl), href, out var absolute) ? absolute.ToString() : null).OfType<string>()
                .Distinct(StringComparer.Ordinal).Take(MaxLinks);
            return JsonSerializer.Serialize(new
            {
                url = page.FinalUrl, status = page.StatusCode, title = facts.Title,
                text = text.Length > MaxPageText ? text[..MaxPageText] + "…" : text, links, truncated = page.Truncated,
            }, AabaJson.Options);
        }
        catch (FetchRefusedException exception)
        {
            return LeadTools.Error(exception.Message);
        }
    }

    private async Task<string> EnrichCompanyAsync(string arguments, CancellationToken cancellationToken)
    {
        if (ReadUrl(arguments) is not { } url)
        {
            return LeadTools.Error("Invalid arguments: 'url' (a string) is required.");
        }
        var enriched = await enricher.EnrichAsync(new JsonObject { ["url"] = url }, fetchPage: true, BudgetNormalizer.DefaultRates, cancellationToken);
        return enriched["enrichment"]!.ToJsonString(AabaJson.Options);
    }

    private static string? ReadUrl(string arguments)
    {
        try
        {
            return JsonNode.Parse(arguments) is JsonObject args && args["url"] is JsonValue value && value.TryGetValue<string>(out var url) ? url.Trim() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
