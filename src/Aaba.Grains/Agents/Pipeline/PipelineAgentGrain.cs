using Orleans.Concurrency;

namespace Aaba.Grains.Agents.Pipeline;

/// <summary>Runs pipelines. A stateless worker: a pipeline's run lives on its task's silo; its steps run wherever their tasks do.</summary>
[StatelessWorker]
public sealed class PipelineAgentGrain(AgentRunner runner, PipelineAgent agent) : AgentGrain(runner), IPipelineAgentGrain
{
    protected override Task<string> RunAsync(AgentRunContext context) => agent.RunAsync(context);
}
