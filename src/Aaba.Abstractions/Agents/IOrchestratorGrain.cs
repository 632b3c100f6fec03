namespace Aaba.Abstractions.Agents;

/// <summary>
/// The one source of truth for which agents exist: the built-in agents and those registered at run time (durable,
/// versioned). Not on the per-task path: each silo caches the catalog and watches its version.
/// </summary>
[Alias("aaba.orchestrator")]
public interface IOrchestratorGrain : IGrainWithStringKey
{
    /// <summary>The current registry.</summary>
    [Alias("get-catalog")]
    Task<AgentCatalog> GetCatalogAsync();

    /// <summary>The registry if its version is not <paramref name="knownVersion"/>, else null (a cheap poll).</summary>
    [Alias("get-catalog-if-changed")]
    Task<AgentCatalog?> GetCatalogIfChangedAsync(long knownVersion);

    /// <summary>Registers or changes an agent; returns it at its new version (unchanged when nothing changed).</summary>
    /// <exception cref="InvalidAgentException">Unknown kind, settings that do not fit the kind's schema, an unknown tool…</exception>
    /// <exception cref="BuiltInAgentException">The name is a built-in agent's.</exception>
    [Alias("register")]
    Task<AgentDescriptor> RegisterAsync(AgentRegistration registration);

    /// <summary>Retires an agent: new runs are refused (404), running ones finish. False when there was none.</summary>
    /// <exception cref="BuiltInAgentException">The name is a built-in agent's.</exception>
    [Alias("retire")]
    Task<bool> RetireAsync(string name);

    /// <summary>The kinds this cluster can register agents of, each with the JSON Schema of its settings.</summary>
    [Alias("get-kinds")]
    Task<IReadOnlyList<AgentKindInfo>> GetKindsAsync();
}
