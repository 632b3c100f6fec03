using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aaba.Abstractions.Agents;
using Aaba.Grains.Agents;

namespace Aaba.Grains.Orchestration;

/// <summary>
/// The rules of a run-time registration, without I/O: the name, the kind (one this cluster runs and that takes
/// registrations), the limits, and the kind's settings against its JSON Schema and then its own checks. Every
/// problem is reported at once, keyed by field, so a client fixes everything in one round.
/// </summary>
public static class AgentRegistrar
{
    public const int MaxDescriptionLength = 500;
    public const int MaxConcurrencyLimit = 1024;
    public const int MaxRetryAttempts = 10;
    private static readonly TimeSpan MinTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromHours(1);

    /// <summary>
    /// The agent <paramref name="registration"/> describes, at the version after <paramref name="existing"/>'s
    /// (or <paramref name="existing"/> itself when nothing changed).
    /// </summary>
    /// <exception cref="BuiltInAgentException">The name is a built-in agent's.</exception>
    /// <exception cref="InvalidAgentException">Anything else is wrong, by field.</exception>
    public static AgentDescriptor Decide(
        AgentRegistration registration, AgentKindRegistry kinds, AgentCatalog catalog, ISet<string> builtIns,
        AgentDescriptor? existing, long nextVersion, DateTimeOffset now)
    {
        if (builtIns.Contains(registration.Name))
        {
            throw new BuiltInAgentException(registration.Name);
        }
        var errors = ImmutableDictionary<string, string[]>.Empty.WithComparers(StringComparer.Ordinal);
        if (!AgentRegistration.IsValidName(registration.Name))
        {
            errors = errors.Add("name", [$"Must be 1 to {AgentRegistration.MaxNameLength} lower-case letters, digits and '-', starting with a letter."]);
        }
        var kind = kinds.Find(registration.Kind);
        if (kind?.ConfigSchemaJson is null)
        {
            var registrable = kinds.All.Where(k => k.ConfigSchemaJson is not null).Select(k => k.Kind).Order(StringComparer.Ordinal);
            errors = errors.Add("kind", [kind is null
                ? $"Unknown kind '{registration.Kind}'. Kinds that take registrations: {string.Join(", ", registrable)}."
                : $"Agents of kind '{registration.Kind}' cannot be registered (it has only its built-in agent). Kinds that take registrations: {string.Join(", ", registrable)}."]);
        }
        if (registration.Description is { Length: > MaxDescriptionLength })
        {
            errors = errors.Add("description", [$"At most {MaxDescriptionLength} characters."]);
        }
        if (registration.DefaultTimeout is { } timeout && (timeout < MinTimeout || timeout > Abstractions.Tasks.TaskSubmission.MaxTimeout))
        {
            errors = errors.Add("timeout_s", [$"Must be between {MinTimeout.TotalSeconds:0} and {Abstractions.Tasks.TaskSubmission.MaxTimeout.TotalSeconds:0} seconds."]);
        }
        if (registration.MaxConcurrency is { } concurrency && concurrency is < 1 or > MaxConcurrencyLimit)
        {
            errors = errors.Add("max_concurrency", [$"Must be between 1 and {MaxConcurrencyLimit}."]);
        }
        if (registration.Retry is { } retry)
        {
            errors = errors.Merge(RetryErrors(retry));
        }
        JsonObject? config = null;
        try
        {
            config = JsonNode.Parse(registration.ConfigJson) as JsonObject;
        }
        catch (JsonException)
        {
            // Reported below.
        }
        if (config is null)
        {
            errors = errors.Add("config", ["Must be a JSON object."]);
        }
        else if (kind?.ConfigSchemaJson is { } schema)
        {
            var configErrors = JsonSchemas.Errors(JsonSchemas.Parse(schema), config, "config");
            errors = errors.Merge(configErrors.IsEmpty ? kind.ValidateConfig(config, catalog) : configErrors);
        }
        if (!errors.IsEmpty)
        {
            throw new InvalidAgentException(errors);
        }
        var candidate = new AgentDescriptor(
            registration.Name, kind!.Kind, registration.Description ?? kind.Description, kind.InputSchemaFor(config!),
            registration.DefaultTimeout ?? kind.DefaultTimeout, registration.Retry ?? kind.DefaultRetry,
            nextVersion, config!.ToJsonString(), registration.MaxConcurrency, BuiltIn: false, UpdatedAt: now);
        return existing is not null && Same(existing, candidate) ? existing : candidate;
    }

    private static ImmutableDictionary<string, string[]> RetryErrors(RetryPolicy retry)
    {
        var errors = ImmutableDictionary<string, string[]>.Empty;
        if (retry.MaxAttempts is < 1 or > MaxRetryAttempts)
        {
            errors = errors.Add("retry.max_attempts", [$"Must be between 1 and {MaxRetryAttempts}."]);
        }
        if (retry.InitialDelay < TimeSpan.Zero || retry.InitialDelay > MaxRetryDelay)
        {
            errors = errors.Add("retry.initial_delay_s", [$"Must be between 0 and {MaxRetryDelay.TotalSeconds:0} seconds."]);
        }
        if (retry.MaxDelay < retry.InitialDelay || retry.MaxDelay > MaxRetryDelay)
        {
            errors = errors.Add("retry.max_delay_s", [$"Must be at least initial_delay_s and at most {MaxRetryDelay.TotalSeconds:0} seconds."]);
        }
        if (retry.TransientErrorCodes.IsDefault || retry.TransientErrorCodes.Any(code => code is not { Length: > 0 and <= 64 }))
        {
            errors = errors.Add("retry.on", ["Must be a list of error codes (1 to 64 characters each)."]);
        }
        return errors;
    }

    private static bool Same(AgentDescriptor a, AgentDescriptor b) =>
        a.Kind == b.Kind && a.Description == b.Description && a.InputSchemaJson == b.InputSchemaJson && a.DefaultTimeout == b.DefaultTimeout &&
        a.Retry.MaxAttempts == b.Retry.MaxAttempts && a.Retry.InitialDelay == b.Retry.InitialDelay && a.Retry.MaxDelay == b.Retry.MaxDelay &&
        a.Retry.TransientErrorCodes.SequenceEqual(b.Retry.TransientErrorCodes) && a.ConfigJson == b.ConfigJson && a.MaxConcurrency == b.MaxConcurrency;
}
