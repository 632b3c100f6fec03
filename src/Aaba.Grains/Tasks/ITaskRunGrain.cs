using Aaba.Abstractions.Tasks;
using Aaba.Grains.Agents;
using Orleans.Concurrency;

namespace Aaba.Grains.Tasks;

/// <summary>
/// What runs and the recovery service tell a task (the same activation as its <see cref="ITaskGrain"/>). Internal to
/// the silos: a client references only Abstractions, so it cannot forge a task's progress or outcome.
/// </summary>
[Alias("aaba.task-run")]
public interface ITaskRunGrain : IGrainWithStringKey
{
    /// <summary>Steps of attempt <paramref name="attempt"/>, shown to watchers as progress events.</summary>
    [Alias("report-progress"), OneWay]
    Task ReportProgressAsync(int attempt, IReadOnlyList<ProgressReport> reports);

    /// <summary>The agent holds <paramref name="attempt"/> in its queue (its concurrency limit is reached): the task reads <c>queued</c> at <paramref name="position"/>.</summary>
    [Alias("report-queued"), OneWay]
    Task ReportQueuedAsync(int attempt, int position);

    /// <summary>The agent started <paramref name="attempt"/> after holding it in its queue.</summary>
    [Alias("report-started"), OneWay]
    Task ReportStartedAsync(int attempt);

    /// <summary>How <paramref name="attempt"/> ended. Reports for another attempt are ignored.</summary>
    [Alias("report-outcome")]
    Task ReportOutcomeAsync(int attempt, AgentOutcome outcome);

    /// <summary>A cleanly stopping silo gives <paramref name="attempt"/> back; it runs again, and it is not counted as lost.</summary>
    [Alias("hand-back")]
    Task HandBackAsync(int attempt);

    /// <summary>How an attempt at delivering the finished task's completion webhook ended.</summary>
    [Alias("report-callback")]
    Task ReportCallbackAsync(WebhookDelivery delivery);

    /// <summary>The task's lease expired: check that its attempt is alive, or start the next one.</summary>
    [Alias("resume")]
    Task ResumeAsync();
}
