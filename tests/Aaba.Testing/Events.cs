using System.Net.Http.Headers;
using System.Text.Json;

namespace Aaba.Testing;

/// <summary>Reads a task's Server-Sent Events over a real HTTP connection, as a browser's EventSource would.</summary>
public static class Events
{
    public sealed record ServerSentEvent(long Id, string Type, JsonElement Data);

    /// <summary>Reads the stream until the server ends it (after the terminal event).</summary>
    public static Task<List<ServerSentEvent>> ReadAllAsync(HttpClient http, string taskId, long? lastEventId = null, TimeSpan? timeout = null) =>
        ReadAsync(http, taskId, lastEventId, timeout, stopAfter: null);

    /// <summary>
    /// Waits for the task's status to become <paramref name="status"/>, told by its event stream (the replay covers a change
    /// that happened before the call); fails if the stream ends without it.
    /// </summary>
    public static async Task WaitForStatusAsync(HttpClient http, string taskId, string status, TimeSpan? timeout = null)
    {
        var events = await ReadAsync(http, taskId, lastEventId: null, timeout, stopAfter: e => IsStatus(e, status));
        Assert.True(events.Count > 0 && IsStatus(events[^1], status),
            $"Task {taskId} ended without becoming {status}: {string.Join(", ", events.Select(e => e.Type))}.");
    }

    private static bool IsStatus(ServerSentEvent e, string status) =>
        e.Type == "status" && e.Data.TryGetProperty("status", out var value) && value.GetString() == status;

    private static async Task<List<ServerSentEvent>> ReadAsync(HttpClient http, string taskId, long? lastEventId, TimeSpan? timeout,
        Func<ServerSentEvent, bool>? stopAfter)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(timeout ?? TimeSpan.FromSeconds(30));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/agents/status/{taskId}/events");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is { } last)
        {
            request.Headers.Add("Last-Event-ID", last.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(deadline.Token));
        var events = new List<ServerSentEvent>();
        long id = 0;
        string type = "message";
        string? data = null;
        while (await reader.ReadLineAsync(deadline.Token) is { } line)
        {
            if (line.Length == 0)
            {
                if (data is not null)
                {
                    using var document = JsonDocument.Parse(data);
                    events.Add(new ServerSentEvent(id, type, document.RootElement.Clone()));
                    if (stopAfter?.Invoke(events[^1]) == true)
                    {
                        return events;
                    }
                }
                (type, data) = ("message", null);
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = long.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line[6..];
            }
        }
        return events;
    }
}
