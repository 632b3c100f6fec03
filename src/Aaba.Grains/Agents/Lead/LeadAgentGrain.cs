using Orleans.Concurrency;

namespace Aaba.Grains.Agents.Lead;

/// <summary>Runs the lead agent. A stateless worker: every silo searches locally.</summary>
[StatelessWorker]
public sealed class LeadAgentGrain(AgentRunner runner, LeadAgent agent) : AgentGrain(runner), ILeadAgentGrain
{
    protected override Task<string> RunAsync(AgentRunContext context) => agent.RunAsync(context);
}
