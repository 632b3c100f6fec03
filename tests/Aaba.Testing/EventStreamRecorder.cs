using System.Diagnostics;
using System.Net.Http.Headers;

namespace Aaba.Testing;

/// <summary>
/// Watches a task's Server-Sent Events in the background, as a browser's EventSource would, and records every event
/// and how the stream ended: a clean end of the response (the server closed it) or an error (the connection was cut,
/// e.g. by the process dying). Unlike <see cref="Events"/> it keeps data as text, so an event whose
/// data is not JSON (a <c>reconnect</c> hint) is recorded rather than failing the parse.
/// </summary>
public sealed class EventStreamRecorder : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<ReceivedEvent> _events = [];
    private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
    private readonly Stopwatch _clock;
    private Task _reading = Task.CompletedTask;

    private EventStreamRecorder(Stopwatch clock) => _clock = clock;

    /// <summary>One event as received, with the time on the caller's clock.</summary>
    public sealed record ReceivedEvent(string? Id, string Type, string Data, TimeSpan At);

    public IReadOnlyList<ReceivedEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>When the stream ended (on the caller's clock), or null while it is open.</summary>
    public TimeSpan? EndedAt { get; private set; }

    /// <summary>Null for a clean end of the response; otherwise what cut it.</summary>
    public Exception? EndError { get; private set; }

    public bool EndedCleanly => EndedAt is not null && EndError is null;

    /// <summary>Opens the stream (asserting 200 text/event-stream) and starts recording; times are read from <paramref name="clock"/>.</summary>
    public static async Task<EventStreamRecorder> OpenAsync(HttpClient http, string taskId, Stopwatch clock)
    {
        var recorder = new EventStreamRecorder(clock);
        var request = new HttpRequestMessage(HttpMethod.Get, $"/agents/status/{taskId}/events");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, recorder._stop.Token);
        try
        {
            Assert.True(response.IsSuccessStatusCode, $"Opening the event stream of {taskId} answered {(int)response.StatusCode}.");
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            var body = await response.Content.ReadAsStreamAsync(recorder._stop.Token);
            recorder._reading = Task.Run(() => recorder.ReadAsync(request, response, body), CancellationToken.None);
            return recorder;
        }
        catch
        {
            response.Dispose();
            request.Dispose();
            await recorder.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until an event matching <paramref name="match"/> has arrived; fails the test after <paramref name="timeout"/> or if the stream ends first.</summary>
    public async Task WaitForEventAsync(Func<ReceivedEvent, bool> match, string what, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!Events.Any(match))
        {
            Assert.True(EndedAt is null, $"The event stream ended ({Describe()}) before {what}.");
            Assert.True(clock.Elapsed < timeout, $"No {what} within {timeout}; received: {Describe()}.");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the stream to end; true if it did.</summary>
    public async Task<bool> WaitForEndAsync(TimeSpan timeout)
    {
        try
        {
            await _reading.WaitAsync(timeout, TestContext.Current.CancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>The events and the end, for failure messages.</summary>
    public string Describe()
    {
        var events = string.Join(", ", Events.Select(e => $"[{e.At.TotalSeconds:0.00} s] {e.Type} {e.Data}"));
        var end = EndedAt is not { } at ? "still open"
            : EndError is null ? $"clean end at {at.TotalSeconds:0.00} s"
            : $"cut at {at.TotalSeconds:0.00} s by {EndError.GetType().Name}: {EndError.Message}";
        return $"events: {(events.Length == 0 ? "none" : events)}; {end}";
    }

    private async Task ReadAsync(HttpRequestMessage request, HttpResponseMessage response, Stream body)
    {
        using var _ = request;
        using var __ = response;
        using var reader = new StreamReader(body);
        string? id = null;
        var type = "message";
        List<string> data = [];
        try
        {
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    // A blank line dispatches the event; a block of only comments (heartbeats) is no event.
                    if (data.Count > 0 || type != "message")
                    {
                        lock (_gate)
                        {
                            _events.Add(new ReceivedEvent(id, type, string.Join('\n', data), _clock.Elapsed));
                        }
                    }
                    (type, data) = ("message", []);
                }
                else if (line.StartsWith(':'))
                {
                    // A comment (heartbeat).
                }
                else
                {
                    var colon = line.IndexOf(':', StringComparison.Ordinal);
                    var field = colon < 0 ? line : line[..colon];
                    var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
                    switch (field)
                    {
                        case "id":
                            id = value;
                            break;
                        case "event":
                            type = value;
                            break;
                        case "data":
                            data.Add(value);
                            break;
                        default:
                            // "retry" and unknown fields carry no event of their own.
                            break;
                    }
                }
            }
            EndedAt = _clock.Elapsed;
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException or OperationCanceledException)
        {
            EndError = exception;
            EndedAt = _clock.Elapsed;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        // The reader ends on the cancel (recorded as a cut, which no one reads any more) before its token goes.
        await _reading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }
}
