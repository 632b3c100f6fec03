namespace Aaba.Grains.Agents.Lead;

/// <summary>The lead-generation agent (kind <c>lead</c>): finds job leads matching a query.</summary>
[Alias("aaba.agent.lead")]
public interface ILeadAgentGrain : IAgentGrain;
