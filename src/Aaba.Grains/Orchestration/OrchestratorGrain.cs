using System.Collections.Immutable;
using Aaba.Abstractions.Agents;
using Aaba.Grains.Agents;

namespace Aaba.Grains.Orchestration;

/// <summary>
/// The agent registry: the built-in agent of every installed kind. Each silo caches the catalog
/// (<see cref="AgentCatalogCache"/>), so this single activation is only asked on refresh.
/// </summary>
public sealed class OrchestratorGrain(AgentKindRegistry kinds) : Grain, IOrchestratorGrain
{
    private readonly AgentCatalog _catalog = new(
        Version: 1,
        kinds.All.Select(kind => kind.BuiltInAgent).OrderBy(agent => agent.Name, StringComparer.Ordinal).ToImmutableArray());

    public Task<AgentCatalog> GetCatalogAsync() => Task.FromResult(_catalog);
}
