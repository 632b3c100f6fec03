namespace Aaba.Grains.Net;

/// <summary>A page as fetched: where it ended up after redirects, its status and type, and its body (cut at the size limit).</summary>
public sealed record FetchedPage(string Url, string FinalUrl, int StatusCode, string? ContentType, string Body, bool Truncated);
