using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Aaba.Grains.Net;

namespace Aaba.Grains.Agents.Enrich;

/// <summary>
/// Adds to a lead what its page says about the client: the company, its site, a contact page, technology hints and a
/// normalized budget (USD range). The page is fetched through <see cref="PageFetcher"/> (the URL guard, size and time
/// caps, checked redirects) and parsed with a real HTML parser (AngleSharp): Open Graph and JSON-LD
/// (<c>JobPosting.hiringOrganization</c>) first, then the title, links and text. When the page cannot be fetched the
/// lead's own fields still give what they can, and the enrichment says why the page is missing.
/// </summary>
public sealed partial class LeadEnricher(PageFetcher fetcher)
{
    private const int MaxTextForHints = 200_000;

    /// <summary>Words that name technologies, as they are written in pages and skills.</summary>
    public static readonly IReadOnlyList<string> KnownTechnologies =
    [
        "python", "django", "flask", "fastapi", "react", "vue", "angular", "svelte", "next.js", "node.js", "typescript", "javascript",
        "java", "spring", "kotlin", "go", "golang", "rust", ".net", "c#", "php", "laravel", "wordpress", "shopify", "ruby", "rails",
        "postgresql", "postgres", "mysql", "mongodb", "redis", "kafka", "spark", "airflow", "docker", "kubernetes", "terraform",
        "aws", "gcp", "azure", "graphql", "machine-learning", "pytorch", "tensorflow", "swift", "flutter", "elasticsearch",
    ];

    /// <summary>The lead with an <c>enrichment</c> object added (<paramref name="fetchPage"/>: try its <c>url</c>).</summary>
    public async Task<JsonObject> EnrichAsync(JsonObject lead, bool fetchPage, IReadOnlyDictionary<string, decimal> rates, CancellationToken cancellationToken)
    {
        var enriched = (JsonObject)lead.DeepClone();
        var url = lead["url"] is JsonValue u && u.TryGetValue<string>(out var text) ? text : null;
        FetchedPage? page = null;
        string? pageError = null;
        if (fetchPage && url is not null)
        {
            try
            {
                page = await fetcher.FetchAsync(url, cancellationToken);
            }
            catch (FetchRefusedException exception)
            {
                pageError = exception.Message;
            }
        }
        else if (url is null)
        {
            pageError = "The lead has no url.";
        }
        else
        {
            pageError = "Page fetching is off for this agent.";
        }
        var facts = page is { StatusCode: >= 200 and < 300 } ? await ReadPageAsync(page, cancellationToken) : new PageFacts();
        if (page is { StatusCode: < 200 or >= 300 })
        {
            pageError = $"The page answered HTTP {page.StatusCode}.";
        }
        var description = lead["description"]?.GetValue<string>();
        var company = facts.Company ?? ClientFrom(description);
        var technologies = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var skill in (lead["skills"] as JsonArray ?? []).Select(s => s?.GetValue<string>()).OfType<string>())
        {
            technologies.Add(skill.ToLowerInvariant());
        }
        foreach (var hint in Hints($"{lead["title"]?.GetValue<string>()} {description} {facts.Text}"))
        {
            technologies.Add(hint);
        }
        enriched["enrichment"] = new JsonObject
        {
            ["company"] = company,
            ["site"] = facts.Site,
            ["contact_page"] = facts.ContactPage,
            ["technologies"] = new JsonArray([.. technologies.Select(t => (JsonNode)t)]),
            ["budget_usd"] = BudgetNormalizer.Normalize(lead, facts.Text, rates),
            ["page"] = page is null
                ? new JsonObject { ["fetched"] = false, ["error"] = pageError }
                : new JsonObject
                {
                    ["fetched"] = pageError is null, ["url"] = page.FinalUrl, ["status"] = page.StatusCode,
                    ["title"] = facts.Title, ["truncated"] = page.Truncated, ["error"] = pageError,
                },
        };
        return enriched;
    }

    /// <summary>What the HTML says, read with AngleSharp.</summary>
    public static async Task<PageFacts> ReadPageAsync(FetchedPage page, CancellationToken cancellationToken)
    {
        var parser = new HtmlParser();
        using var document = await parser.ParseDocumentAsync(page.Body, cancellationToken);
        var baseUri = new Uri(page.FinalUrl);
        string? Meta(string selector) => document.QuerySelector(selector)?.GetAttribute("content")?.Trim() is { Length: > 0 } value ? value : null;
        string? Absolute(string? href) => href is not null && Uri.TryCreate(baseUri, href, out var absolute) && absolute.Scheme is "http" or "https" ? absolute.ToString() : null;

        string? company = null, site = null;
        foreach (var script in document.QuerySelectorAll("script[type='application/ld+json']"))
        {
            if (HiringOrganization(script.TextContent) is { } organization)
            {
                company ??= organization.Name;
                site ??= Absolute(organization.Site);
            }
        }
        company ??= Meta("meta[property='og:site_name']") ?? Meta("meta[name='author']") ?? TitleSuffix(document.Title);
        site ??= Absolute(document.QuerySelector("link[rel='canonical']")?.GetAttribute("href")) is { } canonical
            ? new Uri(canonical).GetLeftPart(UriPartial.Authority) + "/"
            : baseUri.GetLeftPart(UriPartial.Authority) + "/";
        var contact = document.QuerySelectorAll("a[href]").OfType<IHtmlAnchorElement>()
            .FirstOrDefault(a => a.TextContent.Contains("contact", StringComparison.OrdinalIgnoreCase) ||
                                 (a.GetAttribute("href") ?? "").Contains("contact", StringComparison.OrdinalIgnoreCase));
        var generator = Meta("meta[name='generator']");
        var scripts = string.Join(' ', document.QuerySelectorAll("script[src]").Select(s => s.GetAttribute("src")));
        var text = document.Body?.TextContent ?? "";
        if (text.Length > MaxTextForHints)
        {
            text = text[..MaxTextForHints];
        }
        return new PageFacts(company, site, Absolute(contact?.GetAttribute("href")), document.Title, $"{text} {generator} {scripts}");
    }

    /// <summary>Technologies named in <paramref name="text"/> (whole words, case-insensitive).</summary>
    public static IEnumerable<string> Hints(string text)
    {
        var lower = text.ToLowerInvariant();
        foreach (var technology in KnownTechnologies)
        {
            if (Regex.IsMatch(lower, $@"(?<![\w.#-]){Regex.Escape(technology)}(?![\w#-]|\.\w)"))
            {
                yield return technology == "golang" ? "go" : technology == "postgres" ? "postgresql" : technology;
            }
        }
    }

    private static string? TitleSuffix(string? title)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            return null;
        }
        var parts = title.Split([" | ", " - ", " – ", " — "], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return parts.Length > 1 ? parts[^1] : null;
    }

    private static string? ClientFrom(string? description) =>
        description is not null && ClientSentence().Match(description) is { Success: true } match ? match.Groups[1].Value.Trim() : null;

    private static (string? Name, string? Site)? HiringOrganization(string json)
    {
        try
        {
            var node = JsonNode.Parse(json);
            var postings = node is JsonArray array ? array.OfType<JsonObject>() : node is JsonObject one ? [one] : [];
            foreach (var posting in postings)
            {
                if (posting["hiringOrganization"] is JsonObject organization)
                {
                    return (organization["name"]?.GetValue<string>(), organization["sameAs"]?.GetValue<string>() ?? organization["url"]?.GetValue<string>());
                }
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // Not the JSON-LD we look for.
        }
        return null;
    }

    [GeneratedRegex(@"Client:\s*([^.]+)\.", RegexOptions.IgnoreCase)]
    private static partial Regex ClientSentence();

    /// <summary>What a page said.</summary>
    public sealed record PageFacts(string? Company = null, string? Site = null, string? ContactPage = null, string? Title = null, string? Text = null);
}
