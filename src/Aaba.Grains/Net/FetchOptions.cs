using System.ComponentModel.DataAnnotations;

namespace Aaba.Grains.Net;

/// <summary>The bounds on one page fetch (the <c>fetch_page</c> tool, lead enrichment): time, size and redirects.</summary>
public sealed class FetchOptions
{
    public const string Section = "Aaba:Fetch";

    /// <summary>The whole fetch, every redirect and the body included.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Bytes of a body read at most; the rest is not downloaded.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxBytes { get; set; } = 1024 * 1024;

    /// <summary>Redirects followed at most, each checked by the URL guard like the first request.</summary>
    [Range(0, 20)]
    public int MaxRedirects { get; set; } = 5;
}
