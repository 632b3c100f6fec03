using System.Globalization;
using System.Text;
using Aaba.Abstractions;
using Aaba.Abstractions.Tasks;
using Aaba.Api.Security;
using Microsoft.Net.Http.Headers;

namespace Aaba.Api.Agents;

/// <summary>
/// A task's events as Server-Sent Events. The API long-polls the task grain (which may live on another silo) and
/// writes each event with its id; <c>Last-Event-ID</c> (or <c>?last_event_id=</c>) resumes after that id without gaps
/// or repeats. A comment line every few seconds keeps proxies from closing an idle stream; the stream ends after
/// the terminal event, and a finished task replays its events and ends. When the server stops, the stream ends with a
/// <c>reconnect</c> event (and an SSE <c>retry</c> hint), so the watcher resumes elsewhere without missing anything.
/// One key may hold at most <see cref="LimitsOptions.MaxEventStreamsPerKey"/> streams open at once (429 beyond).
/// </summary>
internal static class TaskEventStream
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);

    public static async Task<IResult> StreamAsync(
        string taskId, HttpContext context, IGrainFactory grains, IHostApplicationLifetime lifetime,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "last_event_id")] long? lastEventId, CancellationToken cancellationToken)
    {
        if (!TaskId.TryParse(taskId, out var id))
        {
            return AgentEndpoints.NotATaskId(taskId);
        }
        var after = lastEventId ?? 0;
        if (context.Request.Headers["Last-Event-ID"] is [{ } header] && long.TryParse(header, NumberStyles.None, CultureInfo.InvariantCulture, out var resumed))
        {
            after = resumed;
        }
        var task = grains.GetTaskGrain(id);
        var tenant = context.User.TenantOf();
        var first = await task.WaitForEventsAsync(tenant, after, TimeSpan.Zero);
        if (first is null)
        {
            return AgentEndpoints.NoSuchTask(taskId);
        }

        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers[HeaderNames.Connection] = "keep-alive";
        // Tell buffering proxies (nginx) to pass events through as they come.
        response.Headers["X-Accel-Buffering"] = "no";
        await response.Body.FlushAsync(cancellationToken);

        var batch = first;
        try
        {
            while (true)
            {
                foreach (var @event in batch.Events)
                {
                    await WriteAsync(response, $"id: {@event.Id}\nevent: {@event.Type}\ndata: {@event.DataJson}\n\n", cancellationToken);
                    after = @event.Id;
                }
                if (batch.Finished)
                {
                    break;
                }
                if (batch.Events.IsEmpty && !ReferenceEquals(batch, first))
                {
                    await WriteAsync(response, ": heartbeat\n\n", cancellationToken);
                }
                batch = await task.WaitForEventsAsync(tenant, after, Heartbeat).WaitAsync(lifetime.ApplicationStopping)
                    ?? new TaskEventBatch([], Finished: true);
            }
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // This server is stopping: tell the watcher to come back (to another server, or this one restarted) and
            // close, so the shutdown is not held up. Last-Event-ID still names the last event it has.
            await WriteAsync(response, $"event: reconnect\ndata: {{\"reason\":\"server_stopping\"}}\nretry: {ReconnectDelay.TotalMilliseconds:0}\n\n", cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The watcher went away.
        }
        return Results.Empty;
    }

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
