using System.Collections.Immutable;
using Aaba.Abstractions.Agents;

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
public sealed record AgentRequest(string Kind, string? Description = null, double? TimeoutS = null, RetryResponse? Retry = null, int? MaxConcurrency = null, RawJson? Config = null)
{
    /// <summary>The longest delay of a retry policy that can be turned into a registration at all, in seconds (the registry allows less).</summary>
    private const double MaxRetryDelaySeconds = 86_400;

    /// <summary>
    /// The registration this request asks for as agent <paramref name="name"/>. Checks what cannot be handed to the
    /// registry (the route's reserved names, a missing kind, numbers that are no time span); the registry
    /// (<see cref="IOrchestratorGrain.RegisterAsync"/>) checks the rest, the config against the kind's schema
    /// included. The HTTP API and the in-process client both build registrations here.
    /// </summary>
    /// <exception cref="InvalidAgentException">The request cannot be a registration; every problem by field.</exception>
    public AgentRegistration ToRegistration(string name)
    {
        var errors = ImmutableDictionary.CreateBuilder<string, string[]>(StringComparer.Ordinal);
        if (!AgentRegistration.IsValidName(name) || name == "kinds")
        {
            errors["name"] = [$"Must be 1 to {AgentRegistration.MaxNameLength} lower-case letters, digits and '-', starting with a letter (not 'kinds', 'status' or 'run-lead')."];
        }
        if (Kind is null)
        {
            errors["kind"] = ["This field is required."];
        }
        RetryPolicy? retry = null;
        if (Retry is { } asked)
        {
            if (asked.InitialDelayS is >= 0 and <= MaxRetryDelaySeconds && asked.MaxDelayS is >= 0 and <= MaxRetryDelaySeconds)
            {
                retry = new RetryPolicy(Math.Clamp(asked.MaxAttempts, 0, 100), TimeSpan.FromSeconds(asked.InitialDelayS),
                    TimeSpan.FromSeconds(asked.MaxDelayS), asked.On is null ? [] : [.. asked.On]);
            }
            else
            {
                errors["retry"] = [$"Delays must be between 0 and {MaxRetryDelaySeconds:0} seconds."];
            }
        }
        if (errors.Count > 0)
        {
            throw new InvalidAgentException(errors.ToImmutable());
        }
        // A time limit that is no usable time span (negative, NaN, centuries) is handed on as zero: the registry names the range.
        TimeSpan? timeout = TimeoutS switch
        {
            null => null,
            > 0 and < 1e7 => TimeSpan.FromSeconds(TimeoutS.Value),
            _ => TimeSpan.Zero,
        };
        return new AgentRegistration(name, Kind!, Description, timeout, retry, MaxConcurrency, Config?.Text ?? "{}");
    }
}
