namespace Aaba.Grains.Agents.Crm;

/// <summary>Runs CRM delivery agents (kind <c>crm</c>).</summary>
[Alias("aaba.agent.crm")]
public interface ICrmAgentGrain : IAgentGrain;
