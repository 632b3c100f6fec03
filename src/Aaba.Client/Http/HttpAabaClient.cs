using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aaba.Abstractions.Http;
using Aaba.Abstractions.Tasks;
using Polly.Timeout;

namespace Aaba.Client.Http;

/// <summary>
/// <see cref="IAabaClient"/> over the REST API: the routes of <see cref="AabaRoutes"/>, the JSON of
/// <see cref="AabaWireJson"/> and the wire records of <c>Aaba.Abstractions.Http</c>, problem+json read into typed
/// exceptions. The <see cref="HttpClient"/> comes from the client factory with the standard resilience handler.
/// </summary>
internal sealed class HttpAabaClient(HttpClient http, TimeProvider time) : IAabaClient
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>The API's longest long-poll (<c>wait_s</c>).</summary>
    private const int MaxWaitSeconds = 30;

    private static readonly TimeSpan DefaultReconnectDelay = TimeSpan.FromSeconds(1);

    public async Task<RunAccepted> RunAsync(string agent, JsonObject input, RunOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new RunOptions();
        using var request = new HttpRequestMessage(HttpMethod.Post, AabaRoutes.WithQuery(AabaRoutes.Run(agent), ("timeout_s", options.TimeoutSeconds)))
        {
            Content = JsonContent.Create(input, options: AabaWireJson.Options),
        };
        if (options.IdempotencyKey is { } key)
        {
            request.Headers.TryAddWithoutValidation(IdempotencyKeyHeader, key);
        }
        using var response = await SendAsync(request, cancellationToken, agent: agent);
        var accepted = await ReadAsync<RunAccepted>(response, cancellationToken);
        return accepted with { Replayed = response.Headers.TryGetValues(ReplayedHeader, out var values) && values.Contains("true", StringComparer.OrdinalIgnoreCase) };
    }

    public Task<TaskSnapshot?> GetAsync(TaskId id, CancellationToken cancellationToken = default) =>
        GetTaskAsync(AabaRoutes.Task(id), id, cancellationToken);

    public async Task<TaskSnapshot> WaitAsync(TaskId id, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = time.GetUtcNow() + timeout;
        while (true)
        {
            var seconds = (int)Math.Clamp(Math.Ceiling((deadline - time.GetUtcNow()).TotalSeconds), 0, MaxWaitSeconds);
            var task = await GetTaskAsync(AabaRoutes.WithQuery(AabaRoutes.Task(id), ("wait_s", seconds)), id, cancellationToken)
                ?? throw ProblemExceptions.TaskNotFound(id);
            if (task.Status.IsTerminal() || time.GetUtcNow() >= deadline)
            {
                return task;
            }
        }
    }

    public async IAsyncEnumerable<TaskEvent> WatchAsync(TaskId id, long afterEventId = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var after = afterEventId;
        var reconnect = new WatchReconnect(time);
        TimeSpan? delay = null;
        var connected = false;
        while (true)
        {
            EventStream? stream;
            try
            {
                stream = await OpenEventsAsync(id, after, cancellationToken);
            }
            catch (AabaTaskNotFoundException) when (connected)
            {
                // The task was there when the watch began: it has expired since.
                yield break;
            }
            catch (AabaUnavailableException) when ((delay = reconnect.NextDelay()) is not null)
            {
                await Task.Delay(delay.Value, time, cancellationToken);
                continue;
            }
            connected = true;
            var received = 0;
            TimeSpan? reconnectIn = null;
            using (stream)
            {
                while (true)
                {
                    ServerSentEvent? next;
                    try
                    {
                        next = await stream.Reader.ReadAsync(cancellationToken);
                    }
                    catch (Exception exception) when (exception is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
                    {
                        // The connection was cut: resume after the last event received.
                        reconnectIn = reconnect.NextDelay() ?? throw new AabaUnavailableException(new AabaProblem(null, AabaProblems.Titles.Unavailable,
                            $"The event stream of task {id} kept being cut for {WatchReconnect.MaxOutage}: {exception.Message}"), exception);
                        break;
                    }
                    if (next is null)
                    {
                        break;
                    }
                    if (next.Type == "reconnect")
                    {
                        // The server is stopping: come back (to another server, or this one restarted) after its hint.
                        reconnectIn = next.RetryMilliseconds is { } retry ? TimeSpan.FromMilliseconds(retry) : DefaultReconnectDelay;
                        break;
                    }
                    if (!long.TryParse(next.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var eventId) || eventId <= after)
                    {
                        continue;
                    }
                    after = eventId;
                    reconnect.Succeeded();
                    received++;
                    // SSE carries no time of its own: this is when the event arrived.
                    var @event = new TaskEvent(eventId, next.Type, time.GetUtcNow(), next.Data);
                    yield return @event;
                    if (@event.IsTerminal())
                    {
                        yield break;
                    }
                }
            }
            if (reconnectIn is { } wait)
            {
                await Task.Delay(wait, time, cancellationToken);
            }
            else if (received == 0)
            {
                // A clean end with nothing new: the server had every event up to the end. (A clean end after some events,
                // without the terminal one, was not the server's doing: ask again from the last one.)
                yield break;
            }
        }
    }

    public async Task<TaskSnapshot> CancelAsync(TaskId id, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, AabaRoutes.CancelTask(id));
        using var response = await SendAsync(request, cancellationToken, task: id);
        return (await ReadAsync<TaskResponse>(response, cancellationToken)).ToSnapshot();
    }

    public async Task<RawJson> GetTranscriptAsync(TaskId id, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, AabaRoutes.TaskTranscript(id));
        using var response = await SendAsync(request, cancellationToken, task: id);
        return (await ReadAsync<TranscriptResponse>(response, cancellationToken)).Entries;
    }

    public async IAsyncEnumerable<TaskPage> ListAsync(TaskQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var path = AabaRoutes.WithQuery(AabaRoutes.Tasks,
                ("agent", query.Agent), ("status", query.Status?.ToWireName()),
                ("created_after", query.CreatedAfter?.ToString("O", CultureInfo.InvariantCulture)),
                ("created_before", query.CreatedBefore?.ToString("O", CultureInfo.InvariantCulture)),
                ("limit", query.Limit), ("cursor", query.Cursor?.ToString()));
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            TaskPage page;
            using (var response = await SendAsync(request, cancellationToken))
            {
                page = (await ReadAsync<TaskListPage>(response, cancellationToken)).ToPage();
            }
            yield return page;
            if (page.NextCursor is not { } next)
            {
                yield break;
            }
            query = query with { Cursor = next };
        }
    }

    public async Task<TaskCounts> CountAsync(CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, AabaRoutes.TaskStats);
        using var response = await SendAsync(request, cancellationToken);
        return (await ReadAsync<TaskStats>(response, cancellationToken)).ToCounts();
    }

    public async Task<IReadOnlyList<AgentResponse>> GetAgentsAsync(CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, AabaRoutes.Agents);
        using var response = await SendAsync(request, cancellationToken);
        return await ReadAsync<AgentResponse[]>(response, cancellationToken);
    }

    public async Task<AgentRegistered> RegisterAgentAsync(string name, AgentRequest request, CancellationToken cancellationToken = default)
    {
        using var put = new HttpRequestMessage(HttpMethod.Put, AabaRoutes.Agent(name))
        {
            Content = JsonContent.Create(request, options: AabaWireJson.Options),
        };
        using var response = await SendAsync(put, cancellationToken, agent: name);
        return new AgentRegistered(await ReadAsync<AgentResponse>(response, cancellationToken), response.StatusCode == HttpStatusCode.Created);
    }

    public async Task<AgentResponse?> GetAgentAsync(string name, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, AabaRoutes.Agent(name));
        using var response = await SendAsync(request, cancellationToken, agent: name, notFoundIsNull: true);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ReadAsync<AgentResponse>(response, cancellationToken);
    }

    public async Task RetireAgentAsync(string name, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, AabaRoutes.Agent(name));
        using var response = await SendAsync(request, cancellationToken, agent: name);
    }

    public async Task<IReadOnlyList<AgentKindResponse>> GetAgentKindsAsync(CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, AabaRoutes.AgentKinds);
        using var response = await SendAsync(request, cancellationToken);
        return await ReadAsync<AgentKindResponse[]>(response, cancellationToken);
    }

    /// <summary>A task read (plain or long-poll); null on 404.</summary>
    private async Task<TaskSnapshot?> GetTaskAsync(string path, TaskId id, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var response = await SendAsync(request, cancellationToken, task: id, notFoundIsNull: true);
        return response.StatusCode == HttpStatusCode.NotFound ? null : (await ReadAsync<TaskResponse>(response, cancellationToken)).ToSnapshot();
    }

    private async Task<EventStream> OpenEventsAsync(TaskId id, long after, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, AabaRoutes.TaskEvents(id));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (after > 0)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", after.ToString(CultureInfo.InvariantCulture));
        }
        var response = await SendAsync(request, cancellationToken, task: id, completion: HttpCompletionOption.ResponseHeadersRead);
        try
        {
            return new EventStream(response, new ServerSentEventReader(await response.Content.ReadAsStreamAsync(cancellationToken)));
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Sends <paramref name="request"/> and returns a successful response; an error answer becomes the typed exception
    /// for its problem, and a server that cannot be reached an <see cref="AabaUnavailableException"/>.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request, CancellationToken cancellationToken, TaskId? task = null, string? agent = null,
        bool notFoundIsNull = false, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, completion, cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or TimeoutRejectedException
            || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new AabaUnavailableException(new AabaProblem(null, AabaProblems.Titles.Unavailable,
                $"Aaba at {http.BaseAddress} did not answer {request.Method} {request.RequestUri}: {exception.Message}"), exception);
        }
        if (response.IsSuccessStatusCode || (notFoundIsNull && response.StatusCode == HttpStatusCode.NotFound))
        {
            return response;
        }
        using (response)
        {
            throw ProblemExceptions.Create(await ReadProblemAsync(response, cancellationToken), agent, task);
        }
    }

    /// <summary>The problem+json of an error answer; for any other body, a problem made of its status and text.</summary>
    private static async Task<AabaProblem> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.Content.Headers.ContentType?.MediaType is "application/problem+json" or "application/json")
        {
            try
            {
                if (JsonSerializer.Deserialize<AabaProblem>(text, AabaWireJson.Options) is { } problem)
                {
                    return problem with { Status = problem.Status ?? (int)response.StatusCode };
                }
            }
            catch (JsonException)
            {
                // Not a problem document after all: described below.
            }
        }
        return new AabaProblem((int)response.StatusCode, response.ReasonPhrase, text.Length > 500 ? text[..500] : text);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken) =>
        await response.Content.ReadFromJsonAsync<T>(AabaWireJson.Options, cancellationToken)
        ?? throw new JsonException($"The API answered null for a {typeof(T).Name}.");

    /// <summary>An open event stream and its response, disposed together.</summary>
    private sealed class EventStream(HttpResponseMessage response, ServerSentEventReader reader) : IDisposable
    {
        public ServerSentEventReader Reader { get; } = reader;

        public void Dispose()
        {
            Reader.Dispose();
            response.Dispose();
        }
    }
}
