using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Aaba.Abstractions.Agents;

namespace Aaba.Grains.Agents;

/// <summary>
/// One kind of agent (<c>lead</c>, <c>llm</c>, <c>pipeline</c>, …): how to validate its input and which grain runs
/// it. Registered agents name a kind; several agents may share one. A kind with a <see cref="ConfigSchemaJson"/> can
/// have agents registered at run time (<c>PUT /agents/{name}</c>), each with its own settings.
/// </summary>
public interface IAgentKind
{
    /// <summary>The kind's name, as stored in agent descriptors.</summary>
    string Kind { get; }

    /// <summary>The built-in agents of this kind (none for a kind that exists only to be configured, such as <c>llm</c>).</summary>
    IEnumerable<AgentDescriptor> BuiltInAgents { get; }

    /// <summary>Problems with <paramref name="inputJson"/> for <paramref name="agent"/>, by field; empty when the input is valid.</summary>
    ImmutableDictionary<string, string[]> ValidateInput(AgentDescriptor agent, string inputJson);

    /// <summary>The grain that runs agent <paramref name="agentName"/> of this kind.</summary>
    IAgentGrain GetGrain(IGrainFactory grains, string agentName);

    /// <summary>What agents of this kind do (shown by <c>GET /agents/kinds</c>).</summary>
    string Description => Kind;

    /// <summary>The JSON Schema of a registered agent's <c>config</c>; null when agents of this kind cannot be registered at run time.</summary>
    string? ConfigSchemaJson => null;

    /// <summary>Checks the schema cannot express (a tool that does not exist, a step naming an unknown agent), after the schema passed.</summary>
    ImmutableDictionary<string, string[]> ValidateConfig(JsonObject config, AgentCatalog catalog) => ImmutableDictionary<string, string[]>.Empty;

    /// <summary>The JSON Schema of the input of an agent with <paramref name="config"/>.</summary>
    string InputSchemaFor(JsonObject config) => "{\"type\":\"object\"}";

    /// <summary>The time limit of a run when neither the registration nor the request sets one.</summary>
    TimeSpan DefaultTimeout => TimeSpan.FromMinutes(5);

    /// <summary>The retry policy when the registration sets none.</summary>
    RetryPolicy DefaultRetry => RetryPolicy.None;
}
