using System.Collections.Immutable;
using Aaba.Abstractions.Agents;

namespace Aaba.Grains.Agents;

/// <summary>
/// One kind of agent (<c>lead</c>, <c>add</c>, …): how to validate its input and which grain runs it.
/// Registered agents name a kind; several agents may share one.
/// </summary>
public interface IAgentKind
{
    /// <summary>The kind's name, as stored in agent descriptors.</summary>
    string Kind { get; }

    /// <summary>The built-in agent of this kind, registered under the kind's own name.</summary>
    AgentDescriptor BuiltInAgent { get; }

    /// <summary>Problems with <paramref name="inputJson"/> by field; empty when the input is valid.</summary>
    ImmutableDictionary<string, string[]> ValidateInput(string inputJson);

    /// <summary>The grain that runs agent <paramref name="agentName"/> of this kind.</summary>
    IAgentGrain GetGrain(IGrainFactory grains, string agentName);
}
