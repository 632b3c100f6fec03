namespace Aaba.Grains.Agents.Add;

/// <summary>The smoke-test agent (kind <c>add</c>): adds two numbers, optionally after a delay.</summary>
[Alias("aaba.agent.add")]
public interface IAddAgentGrain : IAgentGrain;
