using System.Collections.Frozen;
using System.Security.Cryptography;

namespace Aaba.Api.Console;

/// <summary>
/// The console's files (HTML, CSS, ES modules), embedded in this assembly at build time: no npm, no CDN, nothing
/// fetched at run time. Held in memory (a few dozen KiB) with a strong ETag each, so a reload costs 304s. Any path
/// under /console that is not a file is a page of the console (its router reads the URL), so it gets index.html.
/// </summary>
internal sealed class ConsoleAssets
{
    private const string ResourcePrefix = "console/";
    private const string IndexFile = "index.html";

    /// <summary>Scripts, styles, images, API calls: this origin only; no inline script, no framing.</summary>
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary();

    private readonly FrozenDictionary<string, Asset> _files;

    public ConsoleAssets()
    {
        var assembly = typeof(ConsoleAssets).Assembly;
        var files = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            var path = name[ResourcePrefix.Length..];
            var type = ContentTypes.GetValueOrDefault(Path.GetExtension(path), "application/octet-stream");
            files[path] = new Asset(bytes, type, $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]}\"");
        }
        _files = files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The files, by path under /console/.</summary>
    public IEnumerable<string> Paths => _files.Keys;

    /// <summary>Serves <paramref name="path"/> (relative to /console/): a file, or the console's page for a console route, or 404.</summary>
    public IResult Serve(HttpContext context, string? path)
    {
        path ??= "";
        var file = _files.GetValueOrDefault(path);
        if (file is null)
        {
            // A page of the console (/console/tasks/…) has no extension; a missing file does.
            if (Path.HasExtension(path) || !_files.TryGetValue(IndexFile, out file))
            {
                return Results.NotFound();
            }
        }
        var headers = context.Response.Headers;
        headers.CacheControl = "no-cache";
        headers.ETag = file.ETag;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XFrameOptions = "DENY";
        if (context.Request.Headers.IfNoneMatch is [{ } tag] && tag == file.ETag)
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }
        return Results.Bytes(file.Bytes, file.ContentType);
    }

    private sealed record Asset(byte[] Bytes, string ContentType, string ETag);
}
