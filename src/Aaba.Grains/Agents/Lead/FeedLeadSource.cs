using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Net;
using System.ServiceModel.Syndication;
using System.Text.RegularExpressions;
using System.Xml;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aaba.Grains.Agents.Lead;

/// <summary>
/// Leads from RSS/Atom job feeds, fetched with the resilient "lead-feeds" HTTP client and cached per feed for
/// <see cref="LeadFeedOptions.CacheFor"/>. A feed that cannot be read contributes nothing (and is logged); it never
/// fails the task.
/// </summary>
public sealed partial class FeedLeadSource(
    IHttpClientFactory http, IOptions<LeadFeedOptions> options, TimeProvider time, ILogger<FeedLeadSource> logger) : ILeadSource
{
    public const string HttpClientName = "lead-feeds";
    private const int MaxDescriptionLength = 300;
    private readonly ConcurrentDictionary<Uri, Lazy<Task<CachedFeed>>> _cache = new();

    public async Task<IReadOnlyList<RankedLead>> SearchAsync(LeadQuery query, CancellationToken cancellationToken) =>
        LeadRanker.Rank(await AllLeadsAsync(cancellationToken), query);

    public async Task<Lead?> FindAsync(string url, CancellationToken cancellationToken) =>
        (await AllLeadsAsync(cancellationToken)).FirstOrDefault(lead => string.Equals(lead.Url, url, StringComparison.OrdinalIgnoreCase));

    private async Task<IReadOnlyList<Lead>> AllLeadsAsync(CancellationToken cancellationToken)
    {
        var feeds = options.Value.Feeds();
        if (feeds.Count == 0)
        {
            return [];
        }
        var batches = await Task.WhenAll(feeds.Select(feed => LeadsOfAsync(feed, cancellationToken)));
        return batches.SelectMany(batch => batch).ToList();
    }

    private async Task<IReadOnlyList<Lead>> LeadsOfAsync(LeadFeed feed, CancellationToken cancellationToken)
    {
        var entry = _cache.GetOrAdd(feed.Url, _ => new Lazy<Task<CachedFeed>>(() => FetchAsync(feed)));
        var cached = await entry.Value.WaitAsync(cancellationToken);
        if (time.GetUtcNow() - cached.FetchedAt > options.Value.CacheFor)
        {
            // Stale: one caller refreshes, the others keep using what is cached until it lands.
            var fresh = new Lazy<Task<CachedFeed>>(() => FetchAsync(feed));
            if (_cache.TryUpdate(feed.Url, fresh, entry))
            {
                cached = await fresh.Value.WaitAsync(cancellationToken);
            }
        }
        return cached.Leads;
    }

    private async Task<CachedFeed> FetchAsync(LeadFeed feed)
    {
        try
        {
            using var client = http.CreateClient(HttpClientName);
            await using var stream = await client.GetStreamAsync(feed.Url);
            using var reader = XmlReader.Create(stream, new XmlReaderSettings { Async = true, DtdProcessing = DtdProcessing.Ignore });
            var parsed = SyndicationFeed.Load(reader);
            var leads = parsed.Items.Select(item => ToLead(feed, item)).OfType<Lead>().ToList();
            LogFetched(logger, feed.Url.GetLeftPart(UriPartial.Path), leads.Count);
            return new CachedFeed(leads, time.GetUtcNow());
        }
        catch (Exception exception)
        {
            // Whatever went wrong (network, resilience pipeline, malformed XML), a feed never fails a task.
            LogFeedFailed(logger, exception, feed.Url.GetLeftPart(UriPartial.Path));
            return new CachedFeed([], time.GetUtcNow());
        }
    }

    private static Lead? ToLead(LeadFeed feed, SyndicationItem item)
    {
        var url = item.Links.FirstOrDefault()?.Uri?.ToString() ?? item.Id;
        if (string.IsNullOrWhiteSpace(url) || item.Title?.Text is not { Length: > 0 } title)
        {
            return null;
        }
        var summary = PlainText((item.Summary as TextSyndicationContent)?.Text ?? "");
        var skills = item.Categories.Select(c => c.Name?.Trim().ToLowerInvariant() ?? "").Where(c => c.Length > 0).Distinct().ToImmutableArray();
        var posted = item.PublishDate != default ? item.PublishDate : item.LastUpdatedTime;
        return new Lead(
            $"feed-{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(url)))[..12].ToLowerInvariant()}",
            PlainText(title), feed.Board, url, new LeadBudget(0, 0, "USD", "unspecified"), skills, posted,
            summary.Length > MaxDescriptionLength ? summary[..MaxDescriptionLength] + "…" : summary, null);
    }

    /// <summary>Feed summaries are often HTML: keep the words.</summary>
    private static string PlainText(string html) =>
        Whitespace().Replace(WebUtility.HtmlDecode(Tags().Replace(html, " ")), " ").Trim();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    private sealed record CachedFeed(IReadOnlyList<Lead> Leads, DateTimeOffset FetchedAt);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Lead feed {Feed}: {Count} item(s)")]
    private static partial void LogFetched(ILogger logger, string feed, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lead feed {Feed} could not be read; it contributes no leads until the next fetch")]
    private static partial void LogFeedFailed(ILogger logger, Exception exception, string feed);
}
