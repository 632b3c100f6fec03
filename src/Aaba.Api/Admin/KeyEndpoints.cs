using System.Security.Claims;
using System.Text.Json;
using Aaba.Abstractions;
using Aaba.Abstractions.Security;
using Aaba.Api.Http;
using Aaba.Api.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Aaba.Api.Admin;

/// <summary>Creating, listing and revoking API keys. A key is shown once, in the answer that creates it; the store keeps its SHA-256.</summary>
internal static class KeyEndpoints
{
    private const int MaxNameLength = 100;

    public static void MapKeyEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapPost("/keys", CreateAsync).WithName("CreateKey").WithSummary("Create an API key; the key is in this answer only")
            .Accepts<CreateKeyRequest>("application/json").Produces<KeyCreated>(StatusCodes.Status201Created).ProducesValidationProblem()
            .Audited(AuditActions.KeyCreate);
        admin.MapGet("/keys", ListAsync).WithName("ListKeys").WithSummary("List API keys (never their secrets)")
            .ProducesValidationProblem().Audited(AuditActions.KeyList);
        admin.MapDelete("/keys/{id}", RevokeAsync).WithName("RevokeKey").WithSummary("Revoke an API key")
            .ProducesProblem(StatusCodes.Status404NotFound).Audited(AuditActions.KeyRevoke);
    }

    private static async Task<IResult> CreateAsync(
        HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, TimeProvider time, CancellationToken cancellationToken)
    {
        var (json, problem) = await JsonObjectBody.ReadAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        using var body = JsonDocument.Parse(json!);
        var errors = new Dictionary<string, string[]>();
        var name = StringField(body.RootElement, "name");
        if (name is null || name.Trim().Length == 0 || name.Length > MaxNameLength || name.Any(char.IsControl))
        {
            errors["name"] = [$"Required: 1 to {MaxNameLength} characters, no control characters (who or what uses the key)."];
        }
        var roleText = StringField(body.RootElement, "role");
        if (!ApiRoleNames.TryParse(roleText, out var role))
        {
            errors["role"] = ["Required: reader, operator or admin."];
        }
        var tenantText = StringField(body.RootElement, "tenant");
        var tenant = user.TenantOf();
        if (tenantText is not null && !TenantId.TryParse(tenantText, out tenant))
        {
            errors["tenant"] = [$"A tenant name: 1 to {TenantId.MaxLength} lower-case letters, digits, '-' or '_' (default: your own tenant)."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: "The key request is not valid; see 'errors'.");
        }
        var secret = ApiKeys.Generate();
        var record = new ApiKeyRecord(ApiKeys.NewId(), name!.Trim(), tenant, role, time.GetUtcNow(), user.KeyIdOf() ?? "anonymous");
        await grains.GetAccessKeys().CreateAsync(record, ApiKeys.Hash(secret));
        // Shown once: nothing may keep this answer.
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created($"/admin/keys/{record.Id}", KeyCreated.From(record, secret));
    }

    private static async Task<Results<Ok<KeyResponse[]>, ValidationProblem>> ListAsync(IGrainFactory grains, string? tenant)
    {
        TenantId? only = null;
        if (tenant is not null)
        {
            if (!TenantId.TryParse(tenant, out var parsed))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["tenant"] = ["Not a tenant name."] });
            }
            only = parsed;
        }
        var keys = await grains.GetAccessKeys().ListAsync(only);
        return TypedResults.Ok(keys.Select(KeyResponse.From).ToArray());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(string id, IGrainFactory grains, ApiKeyCache cache)
    {
        var revoked = ApiKeys.IsId(id) ? await grains.GetAccessKeys().RevokeAsync(id) : null;
        if (revoked is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Key not found",
                detail: $"No key '{Agents.AgentEndpoints.Shown(id)}' (GET /admin/keys lists them; a revoked key is gone).");
        }
        // This process at once; the others at their next generation check.
        cache.Clear();
        return TypedResults.NoContent();
    }

    private static string? StringField(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
