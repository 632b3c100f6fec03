namespace Aaba.Abstractions.Tasks;

/// <summary>Owns the life of one task, keyed by its <see cref="TaskId"/>.</summary>
[Alias("aaba.task")]
public interface ITaskGrain : IGrainWithStringKey
{
    /// <summary>
    /// Validates the request, persists the task as queued and returns; the agent runs afterwards.
    /// Calling it again with the same submission returns the existing task.
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
    /// Watchdog entry point: makes sure an unfinished task has an agent working on it
    /// (restarting it when the activation that ran it was lost). Does nothing for a finished task.
    /// </summary>
    [Alias("resume")]
    Task ResumeAsync();

    /// <summary>An agent reports how attempt <paramref name="attempt"/> ended. Reports for an older attempt are ignored.</summary>
    [Alias("report-outcome")]
    Task ReportOutcomeAsync(int attempt, AgentOutcome outcome);
}
