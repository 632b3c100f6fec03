using Aaba.Abstractions.Security;
using Orleans.Concurrency;

namespace Aaba.Abstractions.Tasks;

/// <summary>
/// What a client may do with one task, keyed by its <see cref="TaskId"/>: start it, read it, wait for it, watch its
/// events, cancel it. What agents and the recovery service tell a task is another, internal contract.
/// A task belongs to the tenant of its submission: every other call names the caller's tenant, and a task of
/// another tenant answers exactly as a task that does not exist (null), so its existence does not leak.
/// </summary>
[Alias("aaba.task")]
public interface ITaskGrain : IGrainWithStringKey
{
    /// <summary>
    /// Validates the request, persists the task already handed to its agent (running, attempt 1) and returns; the
    /// agent runs afterwards. Calling it again with the same submission returns the existing task.
    /// </summary>
    /// <exception cref="Agents.UnknownAgentException">No agent has that name.</exception>
    /// <exception cref="InvalidTaskInputException">The agent rejects the input.</exception>
    /// <exception cref="TaskConflictException">The id already holds a different submission.</exception>
    /// <exception cref="TenantTaskLimitException">The submission's tenant has as many tasks in flight as it may.</exception>
    [Alias("start")]
    Task<TaskSnapshot> StartAsync(TaskSubmission submission);

    /// <summary>The task as it is now, or null when no such task exists for <paramref name="tenant"/> (never created, expired, or another tenant's).</summary>
    [Alias("get")]
    Task<TaskSnapshot?> GetAsync(TenantId tenant);

    /// <summary>
    /// The transcript of the task's last finished attempt (a JSON array of messages, tool calls, tool results and
    /// token usage), "[]" when the agent records none, or null when no such task exists for <paramref name="tenant"/>.
    /// </summary>
    [Alias("get-transcript")]
    Task<string?> GetTranscriptAsync(TenantId tenant);

    /// <summary>
    /// Events after <paramref name="afterId"/>; when there are none yet and the task is unfinished, waits up to
    /// <paramref name="maxWait"/> for the next. Interleaves, so any number of watchers never delay the task.
    /// Null when no such task exists for <paramref name="tenant"/>.
    /// </summary>
    [Alias("wait-events"), AlwaysInterleave]
    Task<TaskEventBatch?> WaitForEventsAsync(TenantId tenant, long afterId, TimeSpan maxWait);

    /// <summary>
    /// The task once it has finished, or as it stands after <paramref name="maxWait"/>, whichever comes first: a
    /// long-poll in one call. Interleaves like <see cref="WaitForEventsAsync"/>. Null when no such task exists for <paramref name="tenant"/>.
    /// </summary>
    [Alias("wait"), AlwaysInterleave]
    Task<TaskSnapshot?> WaitAsync(TenantId tenant, TimeSpan maxWait);

    /// <summary>
    /// Stops the task: a queued task never starts, a running one has its agent cancelled. Cancelling a cancelled
    /// task returns it unchanged; null when no such task exists for <paramref name="tenant"/>.
    /// </summary>
    /// <exception cref="TaskConflictException">The task already succeeded or failed.</exception>
    [Alias("cancel")]
    Task<TaskSnapshot?> CancelAsync(TenantId tenant);
}
