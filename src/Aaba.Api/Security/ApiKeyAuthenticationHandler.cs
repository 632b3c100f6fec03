using System.Text.Encodings.Web;
using Aaba.Abstractions;
using Aaba.Abstractions.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Aaba.Api.Security;

/// <summary>
/// The one place requests are authenticated: a key from <c>Authorization: Bearer aaba_…</c> or <c>X-Api-Key</c>,
/// looked up by its SHA-256 (the bootstrap key from configuration, the others through <see cref="ApiKeyCache"/>).
/// A key in the query string is refused (400), since URLs end up in logs; no key, an unknown or revoked key → 401;
/// both are problem+json. Without a key header, the console's sign-in cookie (<see cref="ConsoleSessionCookie"/>)
/// names a key by its hash and is resolved the same way; a cookie-authenticated request that changes something must
/// carry the console's header (CSRF), else 403. In open mode every request is an admin of the default tenant. The
/// first use of a key from an address (per process, then per store) is written to the audit trail.
/// </summary>
internal sealed partial class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggers,
    UrlEncoder encoder,
    AccessMode access,
    KeyLookup keys,
    IGrainFactory grains,
    AuditTrail audit,
    KnownAddresses addresses,
    ConsoleSessionCookie consoleCookie,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggers, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    private const string FailureKey = "aaba.auth.failure";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Query.Any(q => q.Value.Any(v => v?.Contains(ApiKeys.Prefix, StringComparison.Ordinal) == true)))
        {
            return Failure(AuthFailure.KeyInQuery);
        }
        if (access.Open)
        {
            return Success(AabaClaims.Principal(AabaClaims.OpenKeyId, "open mode", TenantId.Default, ApiRole.Admin, SchemeName));
        }
        var presented = PresentedKey(out var conflicting);
        if (conflicting)
        {
            return Failure(AuthFailure.Conflicting);
        }
        string hash;
        var byCookie = false;
        if (presented is not null)
        {
            if (!ApiKeys.LooksLikeKey(presented))
            {
                return Failure(AuthFailure.Unknown);
            }
            hash = ApiKeys.Hash(presented);
        }
        else if (consoleCookie.KeyHashOf(Request) is { } signedIn)
        {
            if (!IsSafe(Request.Method) && !ConsoleSessionCookie.HasCsrfHeader(Request))
            {
                return Failure(AuthFailure.CrossSite);
            }
            hash = signedIn;
            byCookie = true;
        }
        else
        {
            return AuthenticateResult.NoResult();
        }
        var key = await keys.FindAsync(hash);
        if (key is null)
        {
            return Failure(AuthFailure.Unknown);
        }
        await NoteAddressAsync(key.Id, key.Tenant, key.Role);
        return Success(AabaClaims.Principal(key.Id, key.Name, key.Tenant, key.Role, SchemeName, byCookie));
    }

    private static bool IsSafe(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);

    /// <summary>The key from the Authorization header (Bearer) or X-Api-Key; both given and different is a conflict.</summary>
    private string? PresentedKey(out bool conflicting)
    {
        conflicting = false;
        string? bearer = null;
        if (Request.Headers.Authorization is [{ } authorization, ..] && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            bearer = authorization["Bearer ".Length..].Trim();
        }
        var header = Request.Headers[HeaderName] is [{ } value, ..] ? value.Trim() : null;
        if (bearer is not null && header is not null && bearer != header)
        {
            conflicting = true;
        }
        return bearer ?? header;
    }

    private async Task NoteAddressAsync(string keyId, TenantId tenant, ApiRole role)
    {
        var address = Context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (!addresses.FirstTimeHere(keyId, address))
        {
            return;
        }
        try
        {
            if (await grains.GetAccessKeys().RecordAddressAsync(keyId, address))
            {
                await audit.TryAppendAsync(new AuditEntry(null, TimeProvider.GetUtcNow(), keyId, tenant, role.ToWireName(), AuditActions.KeyNewAddress,
                    keyId, AuditOutcomes.Ok, null, address, Request.Method, AuditEntries.PathOf(Context), null));
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Noted again on the next request: this one is not held up by the trail.
            addresses.Forget(keyId, address);
            LogAddressNotRecorded(Logger, exception, keyId);
        }
    }

    private AuthenticateResult Success(System.Security.Claims.ClaimsPrincipal principal) =>
        AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));

    private AuthenticateResult Failure(AuthFailure failure)
    {
        Context.Items[FailureKey] = failure;
        return AuthenticateResult.Fail(failure.ToString());
    }

    /// <summary>Why the request was not authenticated (null: no key at all).</summary>
    public static AuthFailure? FailureOf(HttpContext context) => context.Items[FailureKey] as AuthFailure?;

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = FailureOf(Context);
        var (status, title, detail) = failure switch
        {
            AuthFailure.KeyInQuery => (StatusCodes.Status400BadRequest, "Key in the URL",
                "An API key was sent in the query string, where proxies and logs keep it: it was not used. Send it as 'Authorization: Bearer <key>' " +
                "or 'X-Api-Key: <key>', and consider that key exposed (revoke it)."),
            AuthFailure.Conflicting => (StatusCodes.Status401Unauthorized, "Unauthorized",
                "The Authorization and X-Api-Key headers carry different keys; send one."),
            AuthFailure.Unknown => (StatusCodes.Status401Unauthorized, "Unauthorized", "The API key is not valid (unknown or revoked)."),
            AuthFailure.CrossSite => (StatusCodes.Status403Forbidden, "Forbidden",
                $"A request signed in by the console's cookie that changes something must carry the '{ConsoleSessionCookie.CsrfHeader}' header."),
            _ => (StatusCodes.Status401Unauthorized, "Unauthorized",
                "This route needs an API key: 'Authorization: Bearer aaba_…' or 'X-Api-Key: aaba_…'."),
        };
        Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized)
        {
            Response.Headers.WWWAuthenticate = "Bearer";
        }
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Forbidden",
                Detail = $"This key's role ({Context.User.RoleOf() ?? "none"}) may not {Request.Method} {Request.Path}; " +
                         "readers read, operators also run and cancel, admins also manage keys, secrets and the audit trail.",
            },
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record a new address for key {KeyId}")]
    private static partial void LogAddressNotRecorded(ILogger logger, Exception exception, string keyId);
}
