namespace Aaba.Abstractions.Agents;

/// <summary>A kind agents can be registered of, and the JSON Schema its settings (<c>config</c>) must fit.</summary>
/// <param name="Kind">The kind's name.</param>
/// <param name="Description">What agents of this kind do.</param>
/// <param name="ConfigSchemaJson">The JSON Schema of <c>config</c>.</param>
[GenerateSerializer, Immutable, Alias("aaba.agent-kind-info")]
public sealed record AgentKindInfo([property: Id(0)] string Kind, [property: Id(1)] string Description, [property: Id(2)] string ConfigSchemaJson);
