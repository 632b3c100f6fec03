using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Net;
using System.ServiceModel.Syndication;
using System.Text.RegularExpressions;
using System.Xml;
using Aaba.Abstractions.Agents.Lead;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aaba.Grains.Agents.Lead;

/// <summary>
/// Leads from RSS/Atom job feeds, fetched with the resilient "lead-feeds" HTTP client and kept per feed for
/// <see cref="LeadFeedOptions.CacheFor"/>. A fetch is bounded as a whole (<see cref="LeadFeedOptions.FetchTimeout"/>,
/// <see cref="LeadFeedOptions.MaxFeedBytes"/>) and read asynchronously, so a feed that sends headers and then stalls
/// holds no task past that bound. A feed that cannot be read contributes nothing this time (and is logged); it never
/// fails a task, and its failure is not kept: the next search tries it again. A stale feed is served while one
/// refresh runs.
/// </summary>
public sealed partial class FeedLeadSource(
    IHttpClientFactory http, IOptions<LeadFeedOptions> options, TimeProvider time, ILogger<FeedLeadSource> logger) : ILeadSource
{
    public const string HttpClientName = "lead-feeds";
    private const int MaxDescriptionLength = 300;
    private readonly ConcurrentDictionary<Uri, FeedState> _feeds = new();

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
        var state = _feeds.GetOrAdd(feed.Url, _ => new FeedState());
        Task<CachedFeed?> refresh;
        CachedFeed? known;
        lock (state.Gate)
        {
            known = state.Last;
            if (known is not null && time.GetUtcNow() - known.FetchedAt <= options.Value.CacheFor)
            {
                return known.Leads;
            }
            // One fetch per feed at a time, shared by every search that needs it.
            refresh = state.Refreshing ??= RefreshAsync(feed, state);
        }
        if (known is not null)
        {
            return known.Leads;
        }
        return (await refresh.WaitAsync(cancellationToken))?.Leads ?? [];
    }

    private async Task<CachedFeed?> RefreshAsync(LeadFeed feed, FeedState state)
    {
        var fetched = await FetchAsync(feed);
        lock (state.Gate)
        {
            if (fetched is not null)
            {
                state.Last = fetched;
            }
            state.Refreshing = null;
        }
        return fetched;
    }

    /// <summary>The feed's leads, or null when it could not be read within its bounds.</summary>
    private async Task<CachedFeed?> FetchAsync(LeadFeed feed)
    {
        var settings = options.Value;
        using var bounded = new CancellationTokenSource(settings.FetchTimeout, time);
        try
        {
            using var client = http.CreateClient(HttpClientName);
            using var response = await client.GetAsync(feed.Url, HttpCompletionOption.ResponseHeadersRead, bounded.Token);
            response.EnsureSuccessStatusCode();
            if (response.Content.Headers.ContentLength > settings.MaxFeedBytes)
            {
                throw new InvalidDataException($"The feed is larger than {settings.MaxFeedBytes} bytes.");
            }
            await using var body = await response.Content.ReadAsStreamAsync(bounded.Token);
            using var copy = await ReadBoundedAsync(body, settings.MaxFeedBytes, bounded.Token);
            using var reader = XmlReader.Create(copy, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
            var parsed = SyndicationFeed.Load(reader);
            var leads = parsed.Items.Select(item => ToLead(feed, item)).OfType<Lead>().ToList();
            LogFetched(logger, feed.Url.GetLeftPart(UriPartial.Path), leads.Count);
            return new CachedFeed(leads, time.GetUtcNow());
        }
        catch (Exception exception)
        {
            // Whatever went wrong (network, a stall, too big, malformed XML), a feed never fails a task.
            LogFeedFailed(logger, exception, feed.Url.GetLeftPart(UriPartial.Path));
            return null;
        }
    }

    /// <summary>The whole body in memory, read asynchronously (the XML parser reads synchronously), at most <paramref name="maxBytes"/>.</summary>
    private static async Task<MemoryStream> ReadBoundedAsync(Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        var copy = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (copy.Length + read > maxBytes)
            {
                throw new InvalidDataException($"The feed is larger than {maxBytes} bytes.");
            }
            copy.Write(buffer, 0, read);
        }
        copy.Position = 0;
        return copy;
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

    /// <summary>One feed: the last good fetch and the refresh under way, if any.</summary>
    private sealed class FeedState
    {
        public Lock Gate { get; } = new();

        public CachedFeed? Last { get; set; }

        public Task<CachedFeed?>? Refreshing { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Lead feed {Feed}: {Count} item(s)")]
    private static partial void LogFetched(ILogger logger, string feed, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lead feed {Feed} could not be read; the next search tries it again")]
    private static partial void LogFeedFailed(ILogger logger, Exception exception, string feed);
}
