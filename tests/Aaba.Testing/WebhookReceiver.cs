using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;

namespace Aaba.Testing;

/// <summary>
/// A local webhook receiver as a CRM would run it: every delivery's signature is checked with the StandardWebhooks
/// library's own verifier, <c>webhook-id</c> is honoured as an idempotency key (a repeat is acknowledged, not applied
/// again), and each delivery is counted. <see cref="Failures"/> scripts injected failures per id: a 500, or a stall
/// longer than the sender's timeout.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly StandardWebhook _verifier;
    private readonly ConcurrentDictionary<string, string> _applied = new();
    private readonly ConcurrentDictionary<string, int> _tries = new();
    private int _deliveries;
    private int _rejected;

    private WebhookReceiver(WebApplication app, string secret)
    {
        _app = app;
        _verifier = new StandardWebhook(secret);
    }

    public string Url { get; private set; } = "";

    /// <summary>What the n-th delivery of one id gets (1-based): null for a normal answer.</summary>
    public Func<int, Failure?> Failures { get; set; } = _ => null;

    public int Deliveries => Volatile.Read(ref _deliveries);

    public int Rejected => Volatile.Read(ref _rejected);

    /// <summary>Effects applied: one per distinct webhook id.</summary>
    public IReadOnlyDictionary<string, string> Applied => _applied;

    public static async Task<WebhookReceiver> StartAsync(string secret)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, secret);
        app.MapPost("/{**path}", receiver.HandleAsync);
        await app.StartAsync(TestContext.Current.CancellationToken);
        receiver.Url = app.Urls.First();
        return receiver;
    }

    private async Task<IResult> HandleAsync(HttpRequest request)
    {
        Interlocked.Increment(ref _deliveries);
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        try
        {
            _verifier.Verify(body, request.Headers);
        }
        catch (StandardWebhooks.Diagnostics.WebhookVerificationException)
        {
            Interlocked.Increment(ref _rejected);
            return Results.StatusCode(401);
        }
        var id = request.Headers["webhook-id"].ToString();
        var attempt = _tries.AddOrUpdate(id, 1, (_, n) => n + 1);
        switch (Failures(attempt))
        {
            case Failure.ServerError:
                return Results.StatusCode(500);
            case Failure.Stall:
                await Task.Delay(TimeSpan.FromSeconds(3));
                break;
        }
        _applied.TryAdd(id, body);
        return Results.Ok();
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    public enum Failure
    {
        ServerError,
        Stall,
    }
}
