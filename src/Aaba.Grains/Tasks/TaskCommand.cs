using Aaba.Abstractions.Agents;
using Aaba.Abstractions.Tasks;
using Aaba.Grains.Agents;

namespace Aaba.Grains.Tasks;

/// <summary>Something that happens to a task: the input of <see cref="TaskMachine.Decide"/>.</summary>
public abstract record TaskCommand
{
    /// <summary>
    /// A new task, already validated: stored with its first attempt handed to <paramref name="Agent"/> on
    /// <paramref name="Silo"/>. <paramref name="CreatedAt"/> is its id's time, so listings bounded by time and by id agree.
    /// </summary>
    public sealed record Submit(TaskSubmission Submission, AgentDescriptor Agent, string Silo, string? TraceParent, DateTimeOffset CreatedAt) : TaskCommand;

    /// <summary>Start the next attempt (after a retry's backoff, a hand-back or a lost attempt). <paramref name="Agent"/> is null when no longer registered.</summary>
    public sealed record StartAttempt(AgentDescriptor? Agent, string Silo) : TaskCommand;

    /// <summary>The agent holds <paramref name="Attempt"/> in its queue at <paramref name="Position"/>.</summary>
    public sealed record Queued(int Attempt, int Position) : TaskCommand;

    /// <summary>The agent started <paramref name="Attempt"/> after holding it in its queue.</summary>
    public sealed record Started(int Attempt) : TaskCommand;

    /// <summary>Steps the agent reported for <paramref name="Attempt"/>.</summary>
    public sealed record Progressed(int Attempt, IReadOnlyList<ProgressReport> Reports) : TaskCommand;

    /// <summary>
    /// How <paramref name="Attempt"/> ended. <paramref name="Retry"/> is the agent's policy and <paramref name="Jitter"/>
    /// (0 to 1) spreads its backoff.
    /// </summary>
    public sealed record Finished(int Attempt, AgentOutcome Outcome, RetryPolicy Retry, double Jitter) : TaskCommand;

    /// <summary>A client asks to stop the task.</summary>
    public sealed record Cancel : TaskCommand;

    /// <summary>A cleanly stopping process gives <paramref name="Attempt"/> back without finishing it.</summary>
    public sealed record HandBack(int Attempt) : TaskCommand;

    /// <summary>
    /// Nobody renewed the task's lease in time. <paramref name="RunAlive"/>: the silo that holds the attempt still has
    /// it (or still lives, for another silo); <paramref name="Agent"/> and <paramref name="Silo"/> start the next attempt if needed.
    /// </summary>
    public sealed record LeaseExpired(bool RunAlive, AgentDescriptor? Agent, string Silo) : TaskCommand;

    /// <summary>
    /// One attempt at delivering a finished task's completion webhook ended. <paramref name="Transient"/>: worth
    /// repeating; the next one waits <paramref name="RetryDelay"/>, unless that is past <paramref name="MaxAge"/> after the task's end.
    /// </summary>
    public sealed record CallbackAttempted(WebhookDelivery Delivery, bool Transient, TimeSpan RetryDelay, TimeSpan MaxAge) : TaskCommand;

    /// <summary>A finished task's completion webhook may be due (its lease expired: the activation that would send it is gone, or a retry is due).</summary>
    public sealed record CallbackDue : TaskCommand;
}
