using System.Text.Json.Nodes;
using Aaba.Abstractions.Http;
using Aaba.Abstractions.Tasks;

namespace Aaba.Client;

/// <summary>
/// Aaba for .NET: run agents as durable tasks, read, wait for, watch, cancel and list them. The same interface over
/// the REST API (<see cref="AabaTransport.Http"/>) or an in-process Orleans cluster client
/// (<see cref="AabaTransport.Cluster"/>); register it with
/// <see cref="AabaClientServiceCollectionExtensions.AddAabaClient"/>. Errors are <see cref="AabaException"/>s carrying
/// the problem details, the same on both transports.
/// </summary>
public interface IAabaClient
{
    /// <summary>
    /// Asks <paramref name="agent"/> to run with <paramref name="input"/> (a JSON object). Returns once the task is
    /// persisted; it runs afterwards. With an idempotency key, sending the same run again returns the same task
    /// (<see cref="RunAccepted.Replayed"/>).
    /// </summary>
    /// <exception cref="AabaAgentNotFoundException">No agent has that name.</exception>
    /// <exception cref="AabaValidationException">The agent rejects the input (or the time limit is out of range).</exception>
    /// <exception cref="AabaConflictException">The idempotency key was used for a different request.</exception>
    /// <exception cref="AabaOutcomeUnknownException">No answer came: the task may or may not exist.</exception>
    Task<RunAccepted> RunAsync(string agent, JsonObject input, RunOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>The task as it is now, or null when there is no such task.</summary>
    Task<TaskSnapshot?> GetAsync(TaskId id, CancellationToken cancellationToken = default);

    /// <summary>The task once it has finished, or as it stands after <paramref name="timeout"/>, whichever comes first.</summary>
    /// <exception cref="AabaTaskNotFoundException">No such task.</exception>
    Task<TaskSnapshot> WaitAsync(TaskId id, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>
    /// The task's events (status changes, progress steps) after <paramref name="afterEventId"/> (0: from the first), as
    /// they happen, ending after the terminal status. A dropped connection is resumed after the last event received,
    /// so nothing is missed or repeated; a finished task replays its events.
    /// </summary>
    /// <exception cref="AabaTaskNotFoundException">No such task.</exception>
    IAsyncEnumerable<TaskEvent> WatchAsync(TaskId id, long afterEventId = 0, CancellationToken cancellationToken = default);

    /// <summary>Stops a queued or running task; cancelling a cancelled task returns it unchanged.</summary>
    /// <exception cref="AabaTaskNotFoundException">No such task.</exception>
    /// <exception cref="AabaConflictException">The task already succeeded or failed.</exception>
    Task<TaskSnapshot> CancelAsync(TaskId id, CancellationToken cancellationToken = default);

    /// <summary>What the agent did in the task's last finished attempt: a JSON array of messages, tool calls and results, token usage.</summary>
    /// <exception cref="AabaTaskNotFoundException">No such task.</exception>
    Task<RawJson> GetTranscriptAsync(TaskId id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Tasks newest first, one page at a time, filtered by <paramref name="query"/> (its <see cref="TaskQuery.Limit"/>
    /// is the page size, its <see cref="TaskQuery.Cursor"/> where to start); pages neither skip nor repeat tasks
    /// while new ones are added.
    /// </summary>
    /// <exception cref="AabaValidationException">The query is not valid.</exception>
    IAsyncEnumerable<TaskPage> ListAsync(TaskQuery query, CancellationToken cancellationToken = default);

    /// <summary>Tasks per agent and state (<c>active</c>, <c>succeeded</c>, <c>failed</c>, <c>cancelled</c>).</summary>
    Task<TaskCounts> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>The registered agents, with the JSON Schema of each one's input.</summary>
    Task<IReadOnlyList<AgentResponse>> GetAgentsAsync(CancellationToken cancellationToken = default);
}
