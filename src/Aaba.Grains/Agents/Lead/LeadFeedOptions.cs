using System.ComponentModel.DataAnnotations;

namespace Aaba.Grains.Agents.Lead;

/// <summary>
/// RSS/Atom job feeds the lead agent searches besides its catalogue (<c>AABA_LEAD_FEEDS</c>): comma-separated
/// entries, each <c>board=url</c> or a plain URL on a board's own host, e.g.
/// <c>upwork=https://www.upwork.com/ab/feed/jobs/rss?q=python</c>.
/// </summary>
public sealed class LeadFeedOptions : IValidatableObject
{
    public const string Section = "Aaba:LeadFeeds";

    public string? Urls { get; set; }

    /// <summary>How long a fetched feed is reused before it is fetched again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest one fetch of a feed may take, headers and body together.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest feed read, in bytes.</summary>
    [Range(1024, 64L * 1024 * 1024)]
    public long MaxFeedBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>The configured feeds with the board each belongs to.</summary>
    public IReadOnlyList<LeadFeed> Feeds() =>
        (Urls ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(Parse)
            .OfType<LeadFeed>()
            .ToList();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var entry in (Urls ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Parse(entry) is null)
            {
                yield return new ValidationResult(
                    $"AABA_LEAD_FEEDS entry '{entry}' must be 'board=absolute-url' (board: {string.Join(", ", LeadSources.All)}) or a URL on a board's host.",
                    [nameof(Urls)]);
            }
        }
    }

    private static LeadFeed? Parse(string entry)
    {
        var equals = entry.IndexOf('=', StringComparison.Ordinal);
        var named = equals > 0 && LeadSources.All.Contains(entry[..equals]);
        var url = named ? entry[(equals + 1)..] : entry;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return null;
        }
        var board = named ? entry[..equals] : LeadSources.All.FirstOrDefault(b => uri.Host.Contains(b, StringComparison.OrdinalIgnoreCase));
        return board is null ? null : new LeadFeed(board, uri);
    }
}
