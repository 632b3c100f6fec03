using System.Text.Json;
using Aaba.Abstractions;
using Aaba.Abstractions.Security;
using Aaba.Api.Agents;
using Aaba.Api.Http;
using Aaba.Api.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Aaba.Api.Admin;

/// <summary>Agent secrets: written, listed by name, deleted; their values never come back out of the API.</summary>
internal static class SecretEndpoints
{
    public static void MapSecretEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapPut("/agents/{name}/secrets/{secret}", SetAsync).WithName("SetAgentSecret")
            .WithSummary("Set an agent secret (encrypted at rest; never shown again)")
            .Accepts<SecretRequest>("application/json").Produces<SecretResponse>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).Audited(AuditActions.SecretSet);
        admin.MapGet("/agents/{name}/secrets", ListAsync).WithName("ListAgentSecrets")
            .WithSummary("The names of an agent's secrets and when each was set").ProducesProblem(StatusCodes.Status404NotFound)
            .Audited(AuditActions.SecretList);
        admin.MapDelete("/agents/{name}/secrets/{secret}", DeleteAsync).WithName("DeleteAgentSecret")
            .WithSummary("Delete an agent secret").ProducesProblem(StatusCodes.Status404NotFound).Audited(AuditActions.SecretDelete);
    }

    private static async Task<IResult> SetAsync(string name, string secret, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (await UnknownAgentAsync(name, grains) is { } unknown)
        {
            return unknown;
        }
        if (!AgentSecretNames.IsValid(secret))
        {
            return BadName();
        }
        var (json, problem) = await JsonObjectBody.ReadAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        using var body = JsonDocument.Parse(json!);
        if (!body.RootElement.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.String ||
            value.GetString() is not { Length: > 0 and <= AgentSecretNames.MaxValueLength } text)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["value"] = [$"Required: a string of 1 to {AgentSecretNames.MaxValueLength} characters."] },
                detail: "The secret request is not valid; send {\"value\": \"…\"}.");
        }
        var info = await grains.GetAgentSecrets().SetAsync(name, secret, new SecretValue(text));
        return TypedResults.Ok(new SecretResponse(info.Name, info.UpdatedAt));
    }

    private static async Task<IResult> ListAsync(string name, IGrainFactory grains)
    {
        if (await UnknownAgentAsync(name, grains) is { } unknown)
        {
            return unknown;
        }
        var secrets = await grains.GetAgentSecrets().ListAsync(name);
        return TypedResults.Ok(secrets.Select(s => new SecretResponse(s.Name, s.UpdatedAt)).ToArray());
    }

    private static async Task<IResult> DeleteAsync(string name, string secret, IGrainFactory grains)
    {
        if (await UnknownAgentAsync(name, grains) is { } unknown)
        {
            return unknown;
        }
        if (!AgentSecretNames.IsValid(secret))
        {
            return BadName();
        }
        return await grains.GetAgentSecrets().DeleteAsync(name, secret)
            ? TypedResults.NoContent()
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Secret not found", detail: $"Agent '{name}' has no secret '{secret}'.");
    }

    private static async Task<ProblemHttpResult?> UnknownAgentAsync(string name, IGrainFactory grains)
    {
        var catalog = await grains.GetOrchestrator().GetCatalogAsync();
        return catalog.Agents.Any(a => a.Name == name)
            ? null
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown agent",
                detail: $"No agent named '{AgentEndpoints.Shown(name)}' is registered. GET /agents lists the agents.");
    }

    private static ValidationProblem BadName() => TypedResults.ValidationProblem(
        new Dictionary<string, string[]> { ["secret"] = [$"A secret name: 1 to {AgentSecretNames.MaxNameLength} lower-case letters, digits, '-' or '_', starting with a letter."] },
        detail: "The secret name is not valid.");
}
