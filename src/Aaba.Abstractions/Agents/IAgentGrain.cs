namespace Aaba.Abstractions.Agents;

/// <summary>
/// An agent of some kind, keyed by its registered name. Stateless workers: each silo runs its own activations,
/// so an agent's tasks spread over the cluster. <see cref="StartAsync"/> only accepts the work; the outcome
/// comes back to the task grain through <see cref="Tasks.ITaskGrain.ReportOutcomeAsync"/>.
/// </summary>
public interface IAgentGrain : IGrainWithStringKey
{
    /// <summary>Accepts one attempt and returns at once; the run reports back to the task when it ends.</summary>
    [Alias("start")]
    Task StartAsync(AgentInvocation invocation);
}
