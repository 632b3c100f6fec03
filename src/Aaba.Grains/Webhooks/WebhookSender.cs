using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Aaba.Abstractions.Tasks;
using Aaba.Grains.Net;
using Aaba.Grains.Security;
using Microsoft.Extensions.Options;
using StandardWebhooks;

namespace Aaba.Grains.Webhooks;

/// <summary>
/// Sends one signed webhook: a JSON body POSTed with the Standard Webhooks headers (<c>webhook-id</c>,
/// <c>webhook-timestamp</c>, <c>webhook-signature</c>), signed by the StandardWebhooks library (HMAC-SHA256 over
/// <c>id.timestamp.body</c>), plus <c>Idempotency-Key</c> with the same id. The id stays the same on every retry
/// of one message, so a receiver that honours it applies it once. The URL passes the guard (no loopback, private or
/// link-local address unless allowed); redirects are not followed. No secret reaches a log, a result or an error.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, OutboundUrlGuard guard, AgentSecretStore secrets, IOptions<WebhookOptions> options, TimeProvider time)
{
    public const string HttpClientName = "aaba-webhooks";

    /// <summary>The agent secret that signs an agent's webhooks.</summary>
    public const string SecretName = "webhook_secret";

    /// <summary>The signing secret for <paramref name="agent"/>'s webhooks: its own <c>webhook_secret</c>, else <c>AABA_WEBHOOK_SECRET</c>, else null.</summary>
    public async Task<string?> SecretForAsync(string agent) =>
        await secrets.GetAsync(agent, SecretName) is { Length: > 0 } own ? own
        : string.IsNullOrWhiteSpace(options.Value.SigningSecret) ? null : options.Value.SigningSecret;

    /// <summary>Whether any webhook of <paramref name="agent"/> can be signed.</summary>
    public async Task<bool> CanSignAsync(string agent) => await SecretForAsync(agent) is not null;

    /// <summary>One attempt at delivering <paramref name="payloadJson"/>; never throws for the receiver's or the network's failures.</summary>
    public async Task<WebhookDelivery> SendAsync(string url, string messageId, string payloadJson, string secret, int attempt, CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        if (guard.Check(url) is { } why)
        {
            return new WebhookDelivery(attempt, at, null, $"Refused: {why}", 0);
        }
        string signature;
        try
        {
            signature = new StandardWebhook(secret).Sign(messageId, at, payloadJson);
        }
        catch (FormatException)
        {
            return new WebhookDelivery(attempt, at, null, "The signing secret is not a Standard Webhooks secret (whsec_ followed by base64).", 0);
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.Timeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(payloadJson, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Add("webhook-id", messageId);
        request.Headers.Add("webhook-timestamp", at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", signature);
        request.Headers.Add("Idempotency-Key", messageId);
        request.Headers.UserAgent.ParseAdd("Aaba-Webhooks/1.0");
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var code = (int)response.StatusCode;
            return new WebhookDelivery(attempt, at, code, code is >= 200 and < 300 ? null : $"The receiver answered HTTP {code}.", clock.Elapsed.TotalMilliseconds);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new WebhookDelivery(attempt, at, null, $"No answer within {options.Value.Timeout.TotalSeconds:0.#} s.", clock.Elapsed.TotalMilliseconds);
        }
        catch (HttpRequestException exception)
        {
            return new WebhookDelivery(attempt, at, null, $"The request failed: {exception.Message}", clock.Elapsed.TotalMilliseconds);
        }
    }

    /// <summary>Whether a failed attempt is worth repeating: no answer, 408, 429 or 5xx (another 4xx is the receiver's final word).</summary>
    public static bool IsTransient(WebhookDelivery delivery) =>
        !delivery.Delivered && (delivery.StatusCode is null or 408 or 429 or >= 500) && !(delivery.Error ?? "").StartsWith("Refused", StringComparison.Ordinal) &&
        !(delivery.Error ?? "").StartsWith("The signing secret", StringComparison.Ordinal);

    /// <summary>The handler every delivery uses: the guard's connect-time check, no redirects.</summary>
    public static HttpMessageHandler CreateHandler(OutboundUrlGuard guard)
    {
        var handler = guard.CreateHandler();
        handler.AllowAutoRedirect = false;
        handler.UseCookies = false;
        return handler;
    }
}
