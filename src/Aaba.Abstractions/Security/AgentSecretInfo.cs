namespace Aaba.Abstractions.Security;

/// <summary>A stored agent secret as it may be shown: its name and when it was set, never its value.</summary>
[GenerateSerializer, Immutable, Alias("aaba.agent-secret-info")]
public sealed record AgentSecretInfo([property: Id(0)] string Name, [property: Id(1)] DateTimeOffset UpdatedAt);
