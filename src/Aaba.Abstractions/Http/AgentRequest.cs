namespace Aaba.Abstractions.Http;

/// <summary>
/// The body of <c>PUT /agents/{name}</c>: the kind and its settings, and optionally a description, a default time
/// limit, a retry policy and a per-silo concurrency limit (the kind's defaults otherwise).
/// </summary>
/// <param name="Kind">A kind this cluster can run (<c>GET /agents/kinds</c>).</param>
/// <param name="Description">What the agent does.</param>
/// <param name="TimeoutS">Default time limit of one run, in seconds (1–3600).</param>
/// <param name="Retry">Which failures to retry, and how.</param>
/// <param name="MaxConcurrency">Runs one silo holds at once (1–1024).</param>
/// <param name="Config">The kind's settings, validated against its JSON Schema.</param>
public sealed record AgentRequest(string Kind, string? Description = null, double? TimeoutS = null, RetryResponse? Retry = null, int? MaxConcurrency = null, RawJson? Config = null);
