using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Aaba.Api.Security;

/// <summary>
/// The console's sign-in cookie. It holds the SHA-256 of the key that signed in (how keys are found, never the key),
/// encrypted and authenticated with Data Protection (key ring in Redis, shared by every API process) and bounded to
/// <see cref="AuthOptions.ConsoleSessionLifetime"/>. Every request that carries it is resolved like a key: by the
/// hash, through the bootstrap check or <see cref="ApiKeyCache"/>, so a revoked key's cookie stops working as fast
/// as the key does. HttpOnly (no script reads it), SameSite=Strict (no other site sends it), Secure over HTTPS; a
/// request that changes something must also carry <see cref="CsrfHeader"/>, which a cross-site form cannot add.
/// </summary>
internal sealed class ConsoleSessionCookie(IDataProtectionProvider protection, IOptions<AuthOptions> options)
{
    public const string Name = "aaba_console";

    /// <summary>What the console sends with every call; required on unsafe methods authenticated by the cookie, and on sign-in.</summary>
    public const string CsrfHeader = "X-Aaba-Console";

    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("Aaba.Console.Session.v1").ToTimeLimitedDataProtector();

    /// <summary>Sets the cookie for the key whose hash is <paramref name="keyHash"/>.</summary>
    public void Issue(HttpContext context, string keyHash)
    {
        var lifetime = options.Value.ConsoleSessionLifetime;
        context.Response.Cookies.Append(Name, _protector.Protect(keyHash, lifetime), Settings(context, DateTimeOffset.UtcNow + lifetime));
    }

    /// <summary>Removes the cookie from this browser.</summary>
    public void Clear(HttpContext context) => context.Response.Cookies.Delete(Name, Settings(context, null));

    /// <summary>The key hash the request's cookie names, or null (no cookie, expired, tampered with, or from another key ring).</summary>
    public string? KeyHashOf(HttpRequest request)
    {
        if (!request.Cookies.TryGetValue(Name, out var value) || string.IsNullOrEmpty(value) || value.Length > 4096)
        {
            return null;
        }
        try
        {
            var hash = _protector.Unprotect(value);
            return hash.Length == 64 && hash.All(char.IsAsciiHexDigitLower) ? hash : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>Whether the request carries the console's header (the CSRF check for cookie-authenticated changes).</summary>
    public static bool HasCsrfHeader(HttpRequest request) => request.Headers[CsrfHeader] is [{ Length: > 0 }];

    private static CookieOptions Settings(HttpContext context, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        Secure = context.Request.IsHttps,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        Expires = expires,
        IsEssential = true,
    };
}
