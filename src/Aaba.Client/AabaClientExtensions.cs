using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aaba.Abstractions.Http;
using Aaba.Abstractions.Tasks;

namespace Aaba.Client;

/// <summary>Conveniences over <see cref="IAabaClient"/> for both transports.</summary>
public static class AabaClientExtensions
{
    /// <summary>Runs <paramref name="agent"/> with <paramref name="input"/> serialized as the API's JSON (snake_case names).</summary>
    /// <exception cref="ArgumentException"><paramref name="input"/> is not serialized as a JSON object.</exception>
    public static Task<RunAccepted> RunAsync<TInput>(this IAabaClient client, string agent, TInput input, RunOptions? options = null, CancellationToken cancellationToken = default) =>
        client.RunAsync(agent, JsonSerializer.SerializeToNode(input, AabaWireJson.Options) as JsonObject
            ?? throw new ArgumentException("The input must serialize to a JSON object.", nameof(input)), options, cancellationToken);

    /// <summary>Tasks newest first, one page at a time, optionally of one agent and status.</summary>
    public static IAsyncEnumerable<TaskPage> ListAsync(
        this IAabaClient client, string? agent = null, AgentTaskStatus? status = null, int pageSize = 20, CancellationToken cancellationToken = default) =>
        client.ListAsync(new TaskQuery(agent, status, null, null, null, pageSize), cancellationToken);

    /// <summary>Every task of the listing, page after page.</summary>
    public static async IAsyncEnumerable<TaskSummary> ListAllAsync(
        this IAabaClient client, TaskQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var page in client.ListAsync(query, cancellationToken))
        {
            foreach (var task in page.Items)
            {
                yield return task;
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="agent"/>, waits up to <paramref name="timeout"/> for it to finish and returns the finished
    /// task; with <paramref name="progress"/>, reports each event as it happens (it watches the task while waiting).
    /// </summary>
    /// <exception cref="AabaTaskFailedException">The task failed or was cancelled.</exception>
    /// <exception cref="TimeoutException">It had not finished after <paramref name="timeout"/>.</exception>
    public static async Task<TaskSnapshot> RunToCompletionAsync(
        this IAabaClient client, string agent, JsonObject input, TimeSpan timeout, RunOptions? options = null,
        IProgress<TaskEvent>? progress = null, CancellationToken cancellationToken = default)
    {
        var accepted = await client.RunAsync(agent, input, options, cancellationToken);
        if (progress is not null)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            try
            {
                await foreach (var @event in client.WatchAsync(accepted.TaskId, 0, deadline.Token))
                {
                    progress.Report(@event);
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The time is up: the wait below says where the task stands.
            }
        }
        var task = await client.WaitAsync(accepted.TaskId, progress is null ? timeout : TimeSpan.Zero, cancellationToken);
        return task.Status switch
        {
            AgentTaskStatus.Succeeded => task,
            AgentTaskStatus.Failed or AgentTaskStatus.Cancelled => throw new AabaTaskFailedException(task),
            _ => throw new TimeoutException($"Task {task.Id} is still {task.Status.ToWireName()} after {timeout}."),
        };
    }
}
