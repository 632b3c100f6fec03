namespace Aaba.Grains.Agents.Llm;

/// <summary>Runs configured agents (kind <c>llm</c>), one grain per agent name.</summary>
[Alias("aaba.agent.llm")]
public interface ILlmAgentGrain : IAgentGrain;
