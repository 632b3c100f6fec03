using Aaba.Abstractions.Agents;

namespace Aaba.Abstractions.Http;

/// <summary>A registered agent as clients see it (<c>GET /agents</c>), with the JSON Schema of its input.</summary>
/// <param name="Name">The agent's name, as in its run URL.</param>
/// <param name="Kind">Which implementation runs it.</param>
/// <param name="Description">What it does.</param>
/// <param name="InputSchema">The JSON Schema of its input.</param>
/// <param name="RunUrl">Where to run it.</param>
public sealed record AgentResponse(string Name, string Kind, string Description, RawJson InputSchema, string RunUrl)
{
    /// <summary>The JSON form of a registered agent.</summary>
    public static AgentResponse From(AgentDescriptor agent) =>
        new(agent.Name, agent.Kind, agent.Description, new RawJson(agent.InputSchemaJson), AabaRoutes.Run(agent.Name));
}
