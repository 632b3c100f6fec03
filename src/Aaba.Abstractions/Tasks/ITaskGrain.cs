using Orleans.Concurrency;

namespace Aaba.Abstractions.Tasks;

/// <summary>
/// What a client may do with one task, keyed by its <see cref="TaskId"/>: start it, read it, wait for it, watch its
/// events, cancel it. What agents and the recovery service tell a task is another, internal contract.
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
    [Alias("start")]
    Task<TaskSnapshot> StartAsync(TaskSubmission submission);

    /// <summary>The task as it is now, or null when no such task exists (never created, or expired).</summary>
    [Alias("get")]
    Task<TaskSnapshot?> GetAsync();

    /// <summary>
    /// The transcript of the task's last finished attempt (a JSON array of messages, tool calls, tool results and
    /// token usage), "[]" when the agent records none, or null when no such task exists.
    /// </summary>
    [Alias("get-transcript")]
    Task<string?> GetTranscriptAsync();

    /// <summary>
    /// Events after <paramref name="afterId"/>; when there are none yet and the task is unfinished, waits up to
    /// <paramref name="maxWait"/> for the next. Interleaves, so any number of watchers never delay the task.
    /// Null when no such task exists.
    /// </summary>
    [Alias("wait-events"), AlwaysInterleave]
    Task<TaskEventBatch?> WaitForEventsAsync(long afterId, TimeSpan maxWait);

    /// <summary>
    /// The task once it has finished, or as it stands after <paramref name="maxWait"/>, whichever comes first: a
    /// long-poll in one call. Interleaves like <see cref="WaitForEventsAsync"/>. Null when no such task exists.
    /// </summary>
    [Alias("wait"), AlwaysInterleave]
    Task<TaskSnapshot?> WaitAsync(TimeSpan maxWait);

    /// <summary>
    /// Stops the task: a queued task never starts, a running one has its agent cancelled. Cancelling a cancelled
    /// task returns it unchanged; null when no such task exists.
    /// </summary>
    /// <exception cref="TaskConflictException">The task already succeeded or failed.</exception>
    [Alias("cancel")]
    Task<TaskSnapshot?> CancelAsync();
}
