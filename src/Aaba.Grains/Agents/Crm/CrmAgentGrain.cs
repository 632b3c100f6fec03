using Orleans.Concurrency;

namespace Aaba.Grains.Agents.Crm;

/// <summary>Runs CRM delivery agents. A stateless worker: every silo delivers locally.</summary>
[StatelessWorker]
public sealed class CrmAgentGrain(AgentRunner runner, CrmAgent agent) : AgentGrain(runner), ICrmAgentGrain
{
    protected override Task<string> RunAsync(AgentRunContext context) => agent.RunAsync(context);
}
