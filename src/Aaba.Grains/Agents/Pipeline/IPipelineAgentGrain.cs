namespace Aaba.Grains.Agents.Pipeline;

/// <summary>Runs pipelines (kind <c>pipeline</c>).</summary>
[Alias("aaba.agent.pipeline")]
public interface IPipelineAgentGrain : IAgentGrain;
