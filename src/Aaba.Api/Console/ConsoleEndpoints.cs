using System.Security.Claims;
using Aaba.Abstractions;
using Aaba.Abstractions.Security;
using Aaba.Api.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Aaba.Api.Console;

/// <summary>
/// The task console, served by the API itself:
/// <code>
/// GET  /console, /console/{**path}     the console's files; any other path under /console is one of its pages (anyone may load them)
/// POST /console/sign-in                {"key": "aaba_…"} → the sign-in cookie (HttpOnly, SameSite=Strict); needs the X-Aaba-Console header
/// POST /console/sign-out               clears the cookie
/// GET  /console/api/session            who the console acts as: key id and name, tenant, role, or open mode
/// GET  /console/api/agents             the registry with each agent's configuration (timeout, retries), never a secret
/// </code>
/// The console reads and acts through the ordinary API routes with the cookie; its pages hold no data of their own.
/// </summary>
internal static class ConsoleEndpoints
{
    public static RouteGroupBuilder MapConsoleEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/console").WithTags("Console").RequireAuthorization(AabaPolicies.Reader);
        // The files are the same for everyone and hold no data; they are served before sign-in and cost no rate.
        group.MapGet("/", (HttpContext context, ConsoleAssets assets) => assets.Serve(context, null))
            .WithName("ConsoleHome").ExcludeFromDescription().AllowAnonymous().DisableRateLimiting();
        group.MapGet("/{**path}", (HttpContext context, ConsoleAssets assets, string? path) => assets.Serve(context, path))
            .WithName("ConsoleFile").ExcludeFromDescription().AllowAnonymous().DisableRateLimiting();

        group.MapPost("/sign-in", SignInAsync).WithName("ConsoleSignIn").WithSummary("Sign the console in with an API key (sets an HttpOnly cookie)")
            .AllowAnonymous().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/sign-out", SignOut).WithName("ConsoleSignOut").WithSummary("Clear the console's sign-in cookie").AllowAnonymous();
        group.MapGet("/api/session", GetSession).WithName("ConsoleSession").WithSummary("Who the console acts as");
        group.MapGet("/api/agents", ListAgentsAsync).WithName("ConsoleAgents").WithSummary("The agent registry with each agent's configuration");
        return group;
    }

    private static async Task<Results<Ok<ConsoleSession>, ProblemHttpResult>> SignInAsync(
        HttpContext context, SignInRequest request, AccessMode access, KeyLookup keys, ConsoleSessionCookie cookie, AuditTrail audit, TimeProvider time)
    {
        // Another site's form cannot add a header: this keeps it from signing a browser in with its own key.
        if (!ConsoleSessionCookie.HasCsrfHeader(context.Request))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                detail: $"Sign in from the console: the request must carry the '{ConsoleSessionCookie.CsrfHeader}' header.");
        }
        if (access.Open)
        {
            return TypedResults.Ok(SessionOf(context.User, access));
        }
        var key = ApiKeys.LooksLikeKey(request.Key?.Trim()) ? await keys.FindAsync(ApiKeys.Hash(request.Key!.Trim())) : null;
        var now = time.GetUtcNow();
        if (key is null)
        {
            await audit.TryAppendAsync(AuditEntries.For(context, AuditActions.ConsoleSignIn, null, StatusCodes.Status401Unauthorized, "unknown_key", now)
                with { Outcome = AuditOutcomes.Denied });
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                detail: "That API key is not valid (unknown or revoked).");
        }
        cookie.Issue(context, ApiKeys.Hash(request.Key!.Trim()));
        await audit.TryAppendAsync(new AuditEntry(null, now, key.Id, key.Tenant, key.Role.ToWireName(), AuditActions.ConsoleSignIn, key.Id,
            AuditOutcomes.Ok, StatusCodes.Status200OK, context.Connection.RemoteIpAddress?.ToString(), context.Request.Method, AuditEntries.PathOf(context), null));
        return TypedResults.Ok(new ConsoleSession(false, key.Id, key.Name, key.Tenant.Name, key.Role.ToWireName(), "cookie"));
    }

    private static NoContent SignOut(HttpContext context, ConsoleSessionCookie cookie)
    {
        cookie.Clear(context);
        return TypedResults.NoContent();
    }

    private static Ok<ConsoleSession> GetSession(HttpContext context, AccessMode access) => TypedResults.Ok(SessionOf(context.User, access));

    private static async Task<Ok<ConsoleAgent[]>> ListAgentsAsync(IGrainFactory grains)
    {
        var catalog = await grains.GetOrchestrator().GetCatalogAsync();
        return TypedResults.Ok(catalog.Agents.Select(ConsoleAgent.From).ToArray());
    }

    private static ConsoleSession SessionOf(ClaimsPrincipal user, AccessMode access) => new(
        access.Open, user.KeyIdOf() ?? "", user.FindFirstValue(AabaClaims.KeyName) ?? "", user.TenantOf().Name, user.RoleOf() ?? "",
        access.Open ? "open" : user.HasClaim(AabaClaims.SignedInBy, AabaClaims.ConsoleCookie) ? "cookie" : "header");
}
