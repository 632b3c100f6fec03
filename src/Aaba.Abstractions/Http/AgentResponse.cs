using Aaba.Abstractions.Agents;

namespace Aaba.Abstractions.Http;

/// <summary>A registered agent as clients see it (<c>GET /agents</c>, <c>GET /agents/{name}</c>), with the JSON Schema of its input.</summary>
/// <param name="Name">The agent's name, as in its run URL.</param>
/// <param name="Kind">Which implementation runs it.</param>
/// <param name="Description">What it does.</param>
/// <param name="InputSchema">The JSON Schema of its input.</param>
/// <param name="RunUrl">Where to run it.</param>
/// <param name="Version">1 when first registered; every change adds one.</param>
/// <param name="BuiltIn">Shipped with Aaba (cannot be changed or retired).</param>
/// <param name="TimeoutS">How long one run may take by default, in seconds.</param>
/// <param name="MaxConcurrency">Runs one silo holds at once (null: no limit).</param>
/// <param name="Retry">Which failures are retried, and how.</param>
/// <param name="Config">The kind's settings (null for built-ins without any).</param>
/// <param name="UpdatedAt">When this version was registered (null for built-ins).</param>
public sealed record AgentResponse(
    string Name, string Kind, string Description, RawJson InputSchema, string RunUrl,
    long Version = 1, bool BuiltIn = true, double? TimeoutS = null, int? MaxConcurrency = null, RetryResponse? Retry = null,
    RawJson? Config = null, DateTimeOffset? UpdatedAt = null)
{
    /// <summary>The JSON form of a registered agent.</summary>
    public static AgentResponse From(AgentDescriptor agent) =>
        new(agent.Name, agent.Kind, agent.Description, new RawJson(agent.InputSchemaJson), AabaRoutes.Run(agent.Name),
            agent.Version, agent.BuiltIn, agent.DefaultTimeout.TotalSeconds, agent.MaxConcurrency, RetryResponse.From(agent.Retry),
            RawJson.From(agent.ConfigJson), agent.UpdatedAt);
}
