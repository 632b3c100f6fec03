namespace Aaba.Abstractions.Agents;

/// <summary>
/// A request to register (or change) an agent at run time: <c>PUT /agents/{name}</c>. Whatever is left null takes
/// the kind's default. The registry validates <see cref="ConfigJson"/> against the kind's JSON Schema.
/// </summary>
/// <param name="Name">The agent's name: 1 to 64 lower-case letters, digits and '-', starting with a letter.</param>
/// <param name="Kind">A kind this cluster can run (<c>llm</c>, <c>enrich</c>, <c>crm</c>, <c>pipeline</c>, …).</param>
/// <param name="Description">What it does (shown by <c>GET /agents</c>).</param>
/// <param name="DefaultTimeout">How long one run may take by default.</param>
/// <param name="Retry">Which failures to retry, and how.</param>
/// <param name="MaxConcurrency">Runs one silo holds at once; null: no limit.</param>
/// <param name="ConfigJson">The kind's settings, a JSON object (text).</param>
[GenerateSerializer, Immutable, Alias("aaba.agent-registration")]
public sealed record AgentRegistration(
    [property: Id(0)] string Name,
    [property: Id(1)] string Kind,
    [property: Id(2)] string? Description,
    [property: Id(3)] TimeSpan? DefaultTimeout,
    [property: Id(4)] RetryPolicy? Retry,
    [property: Id(5)] int? MaxConcurrency,
    [property: Id(6)] string ConfigJson)
{
    /// <summary>The longest agent name.</summary>
    public const int MaxNameLength = 64;

    /// <summary>1 to <see cref="MaxNameLength"/> characters: lower-case ASCII letters, digits and '-', starting with a letter.</summary>
    public static bool IsValidName(string? name) =>
        name is { Length: > 0 and <= MaxNameLength } && char.IsAsciiLetterLower(name[0]) &&
        name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') && name != "run-lead" && name != "status";
}
