using System.Net;
using System.Text;
using Microsoft.Extensions.Options;

namespace Aaba.Grains.Net;

/// <summary>
/// Fetches a page on someone's behalf (a model's <c>fetch_page</c> call, a lead's page for enrichment), safely: every
/// URL, the first and each redirect's, passes <see cref="OutboundUrlGuard.Check"/>, and the connection itself goes
/// only to an allowed address (the guard's handler resolves the host at connect time), so neither a redirect nor a
/// name that resolves inside the network reaches loopback, link-local or private addresses unless configuration
/// allows them. Bounded in time (every hop and the body together), size (the body is cut, not downloaded whole)
/// and redirects.
/// </summary>
public sealed class PageFetcher(IHttpClientFactory clients, OutboundUrlGuard guard, IOptions<FetchOptions> options)
{
    public const string HttpClientName = "aaba-fetch";

    /// <exception cref="FetchRefusedException">The guard refused a URL, the redirects ran out, or the fetch failed or timed out.</exception>
    public async Task<FetchedPage> FetchAsync(string url, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        var http = clients.CreateClient(HttpClientName);
        var current = url;
        for (var hop = 0; ; hop++)
        {
            if (guard.Check(current) is { } why)
            {
                throw new FetchRefusedException(hop == 0 ? $"Refused: {why}" : $"Refused a redirect to '{Shown(current)}': {why}", refused: true);
            }
            using var request = new HttpRequestMessage(HttpMethod.Get, current);
            request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml;q=0.9,*/*;q=0.5");
            request.Headers.UserAgent.ParseAdd("Aaba/1.0 (+lead enrichment)");
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new FetchRefusedException($"The page did not answer within {settings.Timeout.TotalSeconds:0.#} s.", refused: false);
            }
            catch (HttpRequestException exception)
            {
                var refused = exception.Message.StartsWith("Refusing", StringComparison.Ordinal);
                throw new FetchRefusedException(refused ? exception.Message : $"The fetch failed: {exception.Message}", refused);
            }
            using (response)
            {
                if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    if (hop >= settings.MaxRedirects)
                    {
                        throw new FetchRefusedException($"More than {settings.MaxRedirects} redirects.", refused: true);
                    }
                    current = new Uri(new Uri(current), location).ToString();
                    continue;
                }
                var (body, truncated) = await ReadCappedAsync(response, settings.MaxBytes, timeout, settings.Timeout, cancellationToken);
                return new FetchedPage(url, current, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, truncated);
            }
        }
    }

    private static async Task<(string Body, bool Truncated)> ReadCappedAsync(
        HttpResponseMessage response, int maxBytes, CancellationTokenSource timeout, TimeSpan limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[maxBytes];
        var read = 0;
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
            while (read < maxBytes)
            {
                var n = await stream.ReadAsync(buffer.AsMemory(read, maxBytes - read), timeout.Token);
                if (n == 0)
                {
                    break;
                }
                read += n;
            }
            var truncated = read == maxBytes && await stream.ReadAsync(new byte[1], timeout.Token) > 0;
            var charset = response.Content.Headers.ContentType?.CharSet;
            Encoding encoding;
            try
            {
                encoding = charset is null ? Encoding.UTF8 : Encoding.GetEncoding(charset.Trim('"'));
            }
            catch (ArgumentException)
            {
                encoding = Encoding.UTF8;
            }
            return (encoding.GetString(buffer, 0, read), truncated);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new FetchRefusedException($"The page did not arrive within {limit.TotalSeconds:0.#} s.", refused: false);
        }
        catch (IOException exception)
        {
            throw new FetchRefusedException($"The fetch failed: {exception.Message}", refused: false);
        }
    }

    private static string Shown(string url) => url.Length <= 200 ? url : url[..200] + "…";

    /// <summary>The HTTP handler every fetch uses: the guard's connect-time check, no automatic redirects (each is checked here), decompression.</summary>
    public static HttpMessageHandler CreateHandler(OutboundUrlGuard guard)
    {
        var handler = guard.CreateHandler();
        handler.AllowAutoRedirect = false;
        handler.AutomaticDecompression = DecompressionMethods.All;
        handler.UseCookies = false;
        return handler;
    }
}
