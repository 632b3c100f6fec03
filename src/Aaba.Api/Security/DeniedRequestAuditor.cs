using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Aaba.Api.Security;

/// <summary>Writes every denied request (no key, a bad key, a key in the URL, a role too low) to the audit trail, then lets the scheme answer it.</summary>
internal sealed class DeniedRequestAuditor(AuditTrail audit, TimeProvider time) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _answer = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged || authorizeResult.Forbidden)
        {
            var failure = ApiKeyAuthenticationHandler.FailureOf(context);
            var status = authorizeResult.Forbidden || failure == AuthFailure.CrossSite ? StatusCodes.Status403Forbidden
                : failure == AuthFailure.KeyInQuery ? StatusCodes.Status400BadRequest
                : StatusCodes.Status401Unauthorized;
            var detail = authorizeResult.Forbidden ? "role_too_low" : failure switch
            {
                AuthFailure.KeyInQuery => "key_in_query",
                AuthFailure.Conflicting => "conflicting_keys",
                AuthFailure.Unknown => "unknown_key",
                AuthFailure.CrossSite => "console_csrf",
                _ => "no_key",
            };
            var entry = AuditEntries.For(context, AuditActions.RequestDenied, null, status, detail, time.GetUtcNow());
            // A denied request is audited as its outcome, "denied", whatever the status (400 for a key in the URL).
            await audit.TryAppendAsync(entry with { Outcome = AuditOutcomes.Denied });
        }
        await _answer.HandleAsync(next, context, policy, authorizeResult);
    }
}
