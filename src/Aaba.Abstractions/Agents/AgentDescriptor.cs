namespace Aaba.Abstractions.Agents;

/// <summary>
/// A registered agent: its name (the grain key), its kind (which implementation runs it), what it does, the JSON
/// schema of its input, how long a run may take by default and which failures are retried.
/// </summary>
[GenerateSerializer, Immutable, Alias("aaba.agent-descriptor")]
public sealed record AgentDescriptor(
    [property: Id(0)] string Name,
    [property: Id(1)] string Kind,
    [property: Id(2)] string Description,
    [property: Id(3)] string InputSchemaJson,
    [property: Id(4)] TimeSpan DefaultTimeout,
    [property: Id(5)] RetryPolicy Retry);
