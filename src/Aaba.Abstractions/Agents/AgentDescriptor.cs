namespace Aaba.Abstractions.Agents;

/// <summary>A registered agent: its name (the grain key), its kind (which implementation runs it), what it does and the JSON schema of its input.</summary>
[GenerateSerializer, Immutable, Alias("aaba.agent-descriptor")]
public sealed record AgentDescriptor(
    [property: Id(0)] string Name,
    [property: Id(1)] string Kind,
    [property: Id(2)] string Description,
    [property: Id(3)] string InputSchemaJson);
