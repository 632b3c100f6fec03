using Orleans.Concurrency;

namespace Aaba.Grains.Agents.Llm;

/// <summary>Runs configured agents. A stateless worker: every silo runs them locally.</summary>
[StatelessWorker]
public sealed class LlmAgentGrain(AgentRunner runner, LlmAgent agent) : AgentGrain(runner), ILlmAgentGrain
{
    protected override Task<string> RunAsync(AgentRunContext context) => agent.RunAsync(context);
}
