using Aaba.Abstractions.Tasks;
using Aaba.Grains.Agents;

namespace Aaba.Grains.Tasks;

/// <summary>
/// The task grains' one road to their runs: hands an attempt to the agent grain on this silo, stops it, and tells a
/// live run from a lost one. This silo's agent knows its own runs for sure; for a run on another silo, membership
/// decides (a restarted process is a new silo address, so its predecessor reads as dead).
/// </summary>
public sealed class AttemptSupervisor(
    IGrainFactory grains,
    AgentCatalogCache catalog,
    AgentKindRegistry kinds,
    IClusterMembershipService membership,
    ILocalSiloDetails localSilo)
{
    /// <summary>This silo, as task records name it.</summary>
    public string Silo { get; } = localSilo.SiloAddress.ToParsableString();

    /// <summary>Gives <paramref name="attempt"/> to its agent, which starts the run and returns.</summary>
    /// <exception cref="SiloDrainingException">This silo is shutting down.</exception>
    /// <exception cref="Abstractions.Agents.UnknownAgentException">The agent is no longer registered.</exception>
    public async Task StartAsync(TaskId id, TaskState task, int attempt)
    {
        var descriptor = await catalog.FindAsync(task.Agent) ?? throw new Abstractions.Agents.UnknownAgentException(task.Agent);
        var agent = kinds.Get(descriptor.Kind).GetGrain(grains, descriptor.Name);
        await agent.StartAsync(new AgentInvocation(id, task.Agent, attempt, task.InputJson, task.Timeout, task.TraceParent, task.Tenant, descriptor));
    }

    /// <summary>Cancels <paramref name="attempt"/>'s run if it is on this silo (a run elsewhere finishes unheard; its outcome is stale).</summary>
    public async Task StopAsync(TaskId id, TaskState task, int attempt)
    {
        if (await AgentOfAsync(task) is { } agent)
        {
            await agent.CancelAsync(id, attempt);
        }
    }

    /// <summary>Whether the task's current attempt still runs somewhere.</summary>
    public async Task<bool> IsAliveAsync(TaskId id, TaskState task)
    {
        if (!task.HasAttemptInFlight || task.RunningOn is null)
        {
            return false;
        }
        var silo = SiloAddress.FromParsableString(task.RunningOn);
        if (!silo.Equals(localSilo.SiloAddress))
        {
            return membership.CurrentSnapshot.GetSiloStatus(silo) == SiloStatus.Active;
        }
        return await AgentOfAsync(task) is { } agent && await agent.IsRunningAsync(id, task.Attempts);
    }

    private async Task<IAgentGrain?> AgentOfAsync(TaskState task) =>
        await catalog.FindAsync(task.Agent) is { } descriptor ? kinds.Get(descriptor.Kind).GetGrain(grains, descriptor.Name) : null;
}
