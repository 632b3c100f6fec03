using Aaba.Abstractions.Agents;
using Aaba.Api.Http;

namespace Aaba.Api.Agents;

/// <summary>A registered agent as clients see it, with the JSON schema of its input.</summary>
public sealed record AgentResponse(string Name, string Kind, string Description, RawJson InputSchema, string RunUrl)
{
    public static AgentResponse From(AgentDescriptor agent) =>
        new(agent.Name, agent.Kind, agent.Description, new RawJson(agent.InputSchemaJson), $"/agents/{agent.Name}/run");
}
