namespace Aaba.Grains.Agents.Enrich;

/// <summary>Runs lead enrichment agents (kind <c>enrich</c>).</summary>
[Alias("aaba.agent.enrich")]
public interface IEnrichAgentGrain : IAgentGrain;
