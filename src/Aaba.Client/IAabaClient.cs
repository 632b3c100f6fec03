using System.Text.Json.Nodes;
using Aaba.Abstractions.Http;
using Aaba.Abstractions.Tasks;

namespace Aaba.Client;

/// <summary>
/// Aaba for .NET: run agents as durable tasks, read, wait for, watch, cancel and list them, and (admins) register
/// agents. The same interface over
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

    /// <summary>
    /// Admins: registers agent <paramref name="name"/> of a known kind, or changes it (<c>PUT /agents/{name}</c>). A
    /// change adds one to its <see cref="AgentResponse.Version"/>; the same request again changes nothing. Every silo
    /// runs the new version within a second; tasks record the version they ran with.
    /// </summary>
    /// <returns>The agent as registered, and whether the name was new (<see cref="AgentRegistered.Created"/>).</returns>
    /// <exception cref="AabaValidationException">The request is not valid: an unknown kind, a config that does not fit the kind's schema (<see cref="GetAgentKindsAsync"/>), limits out of range; every problem by field (<c>config.tools[1]</c>…).</exception>
    /// <exception cref="AabaConflictException">The name is a built-in agent's.</exception>
    /// <exception cref="AabaAccessDeniedException">Not an admin (an API key of a lower role; a cluster client whose <see cref="AabaClientOptions.Role"/> is not <see cref="Abstractions.Security.ApiRole.Admin"/>).</exception>
    Task<AgentRegistered> RegisterAgentAsync(string name, AgentRequest request, CancellationToken cancellationToken = default);

    /// <summary>Agent <paramref name="name"/> with its version, settings and input schema, or null when no agent has that name (or it was retired).</summary>
    Task<AgentResponse?> GetAgentAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Admins: retires agent <paramref name="name"/>: new runs are refused (<see cref="AabaAgentNotFoundException"/>), runs in progress finish.</summary>
    /// <exception cref="AabaAgentNotFoundException">No agent has that name (or it was already retired).</exception>
    /// <exception cref="AabaConflictException">The name is a built-in agent's.</exception>
    /// <exception cref="AabaAccessDeniedException">Not an admin.</exception>
    Task RetireAgentAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>The kinds agents can be registered of (<see cref="AgentRequest.Kind"/>), each with the JSON Schema of its config.</summary>
    Task<IReadOnlyList<AgentKindResponse>> GetAgentKindsAsync(CancellationToken cancellationToken = default);
}
