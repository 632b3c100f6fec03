using System.Collections.Frozen;

namespace Aaba.Grains.Agents;

/// <summary>The agent kinds this silo can run, by kind name.</summary>
public sealed class AgentKindRegistry(IEnumerable<IAgentKind> kinds)
{
    private readonly FrozenDictionary<string, IAgentKind> _kinds = kinds.ToFrozenDictionary(k => k.Kind, StringComparer.Ordinal);

    public IEnumerable<IAgentKind> All => _kinds.Values;

    /// <summary>The kind, or null when this silo has none of that name.</summary>
    public IAgentKind? Find(string kind) => _kinds.GetValueOrDefault(kind);

    public IAgentKind Get(string kind) =>
        _kinds.TryGetValue(kind, out var found)
            ? found
            : throw new InvalidOperationException($"No agent kind '{kind}' is installed on this silo.");
}
