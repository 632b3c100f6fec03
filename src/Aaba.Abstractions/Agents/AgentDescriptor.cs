namespace Aaba.Abstractions.Agents;

/// <summary>
/// A registered agent: its name (the grain key), its kind (which implementation runs it), what it does, the JSON
/// schema of its input, how long a run may take by default and which failures are retried. Agents registered at run
/// time (<c>PUT /agents/{name}</c>) also carry their kind's settings, a version bumped by every change, and a
/// limit on the runs one silo holds at once.
/// </summary>
/// <param name="Name">The agent's name (its run URL, its grain key).</param>
/// <param name="Kind">Which implementation runs it.</param>
/// <param name="Description">What it does.</param>
/// <param name="InputSchemaJson">The JSON Schema of its input.</param>
/// <param name="DefaultTimeout">How long one run may take unless the request says otherwise.</param>
/// <param name="Retry">Which failures are retried, how often, after what backoff.</param>
/// <param name="Version">1 when first registered; every change adds one. Built-in agents stay at 1.</param>
/// <param name="ConfigJson">The kind's own settings (a JSON object, validated against the kind's schema); null for none.</param>
/// <param name="MaxConcurrency">Runs of this agent one silo holds at once (more wait in line, shown as queued); null: no limit.</param>
/// <param name="BuiltIn">Shipped with Aaba: it cannot be changed or retired through the API.</param>
/// <param name="UpdatedAt">When this version was registered (null for built-ins).</param>
[GenerateSerializer, Immutable, Alias("aaba.agent-descriptor")]
public sealed record AgentDescriptor(
    [property: Id(0)] string Name,
    [property: Id(1)] string Kind,
    [property: Id(2)] string Description,
    [property: Id(3)] string InputSchemaJson,
    [property: Id(4)] TimeSpan DefaultTimeout,
    [property: Id(5)] RetryPolicy Retry,
    [property: Id(6)] long Version = 1,
    [property: Id(7)] string? ConfigJson = null,
    [property: Id(8)] int? MaxConcurrency = null,
    [property: Id(9)] bool BuiltIn = true,
    [property: Id(10)] DateTimeOffset? UpdatedAt = null);
