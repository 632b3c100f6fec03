using System.Collections.Immutable;
using Aaba.Abstractions.Agents;
using Aaba.Grains.Agents;
using Aaba.Grains.Security;
using Microsoft.Extensions.Logging;

namespace Aaba.Grains.Orchestration;

/// <summary>
/// The agent registry: the built-in agents of every installed kind, and the agents registered at run time, durable
/// in Redis (<see cref="RegistryStore"/>) and versioned. Each silo caches the catalog and watches its version
/// (<see cref="AgentCatalogCache"/>), so this single activation is asked twice a second per silo, never per task,
/// and a change is seen by every silo within a second. Not reentrant: registrations are applied one at a time, each
/// written before it is shown.
/// </summary>
public sealed partial class OrchestratorGrain(AgentKindRegistry kinds, RegistryStore store, TimeProvider time, ILogger<OrchestratorGrain> logger)
    : Grain, IOrchestratorGrain
{
    private readonly ImmutableArray<AgentDescriptor> _builtIns =
        [.. kinds.All.SelectMany(kind => kind.BuiltInAgents).OrderBy(agent => agent.Name, StringComparer.Ordinal)];

    private readonly Dictionary<string, RegisteredAgent> _registered = new(StringComparer.Ordinal);
    private AgentCatalog _catalog = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var (agents, version) = await StoreGuard.RunAsync(store.ReadAsync, logger);
        foreach (var agent in agents)
        {
            _registered[agent.Agent.Name] = agent;
        }
        Rebuild(version);
    }

    public Task<AgentCatalog> GetCatalogAsync() => Task.FromResult(_catalog);

    public Task<AgentCatalog?> GetCatalogIfChangedAsync(long knownVersion) =>
        Task.FromResult(knownVersion == _catalog.Version ? null : _catalog);

    public async Task<AgentDescriptor> RegisterAsync(AgentRegistration registration)
    {
        var existing = _registered.GetValueOrDefault(registration.Name);
        var current = existing is { Retired: false } ? existing.Agent : null;
        var agent = AgentRegistrar.Decide(
            registration, kinds, _catalog, _builtIns.Select(a => a.Name).ToHashSet(StringComparer.Ordinal),
            current, (existing?.Agent.Version ?? 0) + 1, time.GetUtcNow());
        if (ReferenceEquals(agent, current))
        {
            return agent;
        }
        await SaveAsync(new RegisteredAgent(agent, Retired: false));
        LogRegistered(logger, agent.Name, agent.Kind, agent.Version);
        return agent;
    }

    public async Task<bool> RetireAsync(string name)
    {
        if (_builtIns.Any(a => a.Name == name))
        {
            throw new BuiltInAgentException(name);
        }
        if (_registered.GetValueOrDefault(name) is not { Retired: false } existing)
        {
            return false;
        }
        await SaveAsync(existing with { Retired = true });
        LogRetired(logger, name, existing.Agent.Version);
        return true;
    }

    public Task<IReadOnlyList<AgentKindInfo>> GetKindsAsync() => Task.FromResult<IReadOnlyList<AgentKindInfo>>(
        [.. kinds.All.Where(k => k.ConfigSchemaJson is not null).OrderBy(k => k.Kind, StringComparer.Ordinal)
            .Select(k => new AgentKindInfo(k.Kind, k.Description, k.ConfigSchemaJson!))]);

    private async Task SaveAsync(RegisteredAgent agent)
    {
        var version = await StoreGuard.RunAsync(() => store.WriteAsync(agent), logger);
        _registered[agent.Agent.Name] = agent;
        Rebuild(version);
    }

    /// <summary>Built-ins first (their names can never be registered), then the live registrations, by name.</summary>
    private void Rebuild(long storedVersion) => _catalog = new AgentCatalog(
        storedVersion + 1,
        [.. _builtIns.Concat(_registered.Values.Where(r => !r.Retired).Select(r => r.Agent)).OrderBy(a => a.Name, StringComparer.Ordinal)]);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {Agent} (kind {Kind}) registered at version {Version}")]
    private static partial void LogRegistered(ILogger logger, string agent, string kind, long version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {Agent} retired at version {Version}")]
    private static partial void LogRetired(ILogger logger, string agent, long version);
}
