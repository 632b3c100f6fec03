using Aaba.Abstractions.Agents;

namespace Aaba.Abstractions.Http;

/// <summary>A kind agents can be registered of, as <c>GET /agents/kinds</c> shows it.</summary>
/// <param name="Kind">The kind's name (<see cref="AgentRequest.Kind"/>).</param>
/// <param name="Description">What agents of this kind do.</param>
/// <param name="ConfigSchema">The JSON Schema an agent's <see cref="AgentRequest.Config"/> must fit.</param>
public sealed record AgentKindResponse(string Kind, string Description, RawJson ConfigSchema)
{
    /// <summary>The JSON form of <paramref name="kind"/>.</summary>
    public static AgentKindResponse From(AgentKindInfo kind) => new(kind.Kind, kind.Description, new RawJson(kind.ConfigSchemaJson));
}
