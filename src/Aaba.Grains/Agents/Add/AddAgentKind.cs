using System.Collections.Immutable;
using Aaba.Abstractions;
using Aaba.Abstractions.Agents;

namespace Aaba.Grains.Agents.Add;

/// <summary>The smoke-test kind: <c>{"x": number, "y": number, "delay_ms"?: 0..60000}</c> → <c>{"sum": x + y}</c>.</summary>
public sealed class AddAgentKind : IAgentKind
{
    public string Kind => "add";

    public IEnumerable<AgentDescriptor> BuiltInAgents => [BuiltInAgent];

    public AgentDescriptor BuiltInAgent { get; } = new(
        AabaKeys.AddAgent, "add", "Adds two numbers, optionally after a delay. A smoke test for the task pipeline.", AddInput.Schema,
        DefaultTimeout: TimeSpan.FromMinutes(2),
        Retry: RetryPolicy.None);

    public ImmutableDictionary<string, string[]> ValidateInput(AgentDescriptor agent, string inputJson) => AddInput.Read(inputJson, out _);

    public IAgentGrain GetGrain(IGrainFactory grains, string agentName) => grains.GetGrainWithKey<IAddAgentGrain>(agentName);
}
