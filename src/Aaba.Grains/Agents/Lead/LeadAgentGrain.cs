using Aaba.Abstractions.Agents;
using Orleans.Concurrency;

namespace Aaba.Grains.Agents.Lead;

/// <summary>Runs the lead agent. A stateless worker: every silo searches locally.</summary>
[StatelessWorker]
public sealed class LeadAgentGrain(AgentRunner runner, LeadAgent agent) : Grain, ILeadAgentGrain
{
    public Task StartAsync(AgentInvocation invocation)
    {
        runner.Start(invocation, agent.RunAsync);
        return Task.CompletedTask;
    }
}
