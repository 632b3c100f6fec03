using Aaba.Abstractions.Tasks;

namespace Aaba.Grains.Agents;

/// <summary>
/// An agent of some kind, keyed by its registered name: the one road to its runs on this silo. Stateless workers,
/// so a call from a task grain reaches the activation on the task's own silo. <see cref="StartAsync"/> only accepts
/// the work; the run reports back to the task (<see cref="Tasks.ITaskRunGrain"/>) when it ends.
/// </summary>
public interface IAgentGrain : IGrainWithStringKey
{
    /// <summary>Accepts one attempt and returns at once.</summary>
    /// <exception cref="SiloDrainingException">This silo is shutting down and takes no new runs.</exception>
    [Alias("start")]
    Task StartAsync(AgentInvocation invocation);

    /// <summary>Cancels that attempt's run if this silo has it; it then ends without a report.</summary>
    [Alias("cancel")]
    Task CancelAsync(TaskId taskId, int attempt);

    /// <summary>Whether this silo is running (or still reporting) that attempt.</summary>
    [Alias("is-running")]
    Task<bool> IsRunningAsync(TaskId taskId, int attempt);
}
