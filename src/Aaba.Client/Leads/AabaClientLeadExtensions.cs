using System.Text.Json.Nodes;
using Aaba.Abstractions;
using Aaba.Abstractions.Agents.Lead;
using Aaba.Abstractions.Http;
using Aaba.Abstractions.Tasks;

namespace Aaba.Client.Leads;

/// <summary>Typed helpers for the built-in <c>lead</c> agent.</summary>
public static class AabaClientLeadExtensions
{
    /// <summary>How long <see cref="RunLeadAsync"/> waits by default: the lead agent's default time limit.</summary>
    public static readonly TimeSpan DefaultWait = TimeSpan.FromMinutes(5);

    /// <summary>Starts the lead agent on <paramref name="query"/>; the task runs afterwards (watch it, wait for it).</summary>
    public static Task<RunAccepted> StartLeadAsync(this IAabaClient client, LeadQuery query, RunOptions? options = null, CancellationToken cancellationToken = default) =>
        client.RunAsync(AabaKeys.LeadAgent, ToInput(query), options, cancellationToken);

    /// <summary>
    /// Finds leads: runs the lead agent on <paramref name="query"/>, waits for it (up to <paramref name="timeout"/>,
    /// default <see cref="DefaultWait"/>) and returns its leads, typed: an <see cref="OfflineLeadResult"/> (ranked
    /// catalogue) or an <see cref="LlmLeadResult"/> (model mode, with fit scores and reasons).
    /// </summary>
    /// <exception cref="AabaValidationException">The query is not valid (empty, too long, unknown source, limit out of range).</exception>
    /// <exception cref="AabaTaskFailedException">The task failed (e.g. <c>llm_unavailable</c>) or was cancelled.</exception>
    public static async Task<ILeadResult> RunLeadAsync(
        this IAabaClient client, LeadQuery query, RunOptions? options = null, TimeSpan? timeout = null,
        IProgress<TaskEvent>? progress = null, CancellationToken cancellationToken = default)
    {
        var task = await client.RunToCompletionAsync(AabaKeys.LeadAgent, ToInput(query), timeout ?? DefaultWait, options, progress, cancellationToken);
        return task.ReadLeadResult();
    }

    /// <summary>The leads of a finished lead task.</summary>
    /// <exception cref="InvalidOperationException">The task has no result (it has not succeeded).</exception>
    public static ILeadResult ReadLeadResult(this TaskSnapshot task) =>
        LeadResults.Parse(task.ResultJson ?? throw new InvalidOperationException($"Task {task.Id} is {task.Status.ToWireName()}: it has no result."));

    private static JsonObject ToInput(LeadQuery query) =>
        (JsonObject)System.Text.Json.JsonSerializer.SerializeToNode(query, AabaWireJson.Options)!;
}
