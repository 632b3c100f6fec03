namespace Aaba.Abstractions.Agents;

/// <summary>The one source of truth for which agents exist. Not on the per-task path: silos cache its catalog.</summary>
[Alias("aaba.orchestrator")]
public interface IOrchestratorGrain : IGrainWithStringKey
{
    /// <summary>The current registry.</summary>
    [Alias("get-catalog")]
    Task<AgentCatalog> GetCatalogAsync();
}
