using System.Collections.Immutable;

namespace Aaba.Abstractions.Agents;

/// <summary>The registry at one version: every agent by name.</summary>
[GenerateSerializer, Immutable, Alias("aaba.agent-catalog")]
public sealed record AgentCatalog([property: Id(0)] long Version, [property: Id(1)] ImmutableArray<AgentDescriptor> Agents)
{
    /// <summary>The agent with that name, or null.</summary>
    public AgentDescriptor? Find(string name)
    {
        foreach (var agent in Agents)
        {
            if (string.Equals(agent.Name, name, StringComparison.Ordinal))
            {
                return agent;
            }
        }
        return null;
    }
}
