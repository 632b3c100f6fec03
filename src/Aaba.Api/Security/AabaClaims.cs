using System.Security.Claims;
using Aaba.Abstractions.Security;

namespace Aaba.Api.Security;

/// <summary>What an authenticated request carries: its key's id and name, tenant and role (as role claims, each role with the ones below it).</summary>
internal static class AabaClaims
{
    public const string KeyId = "aaba:key_id";
    public const string KeyName = "aaba:key_name";
    public const string Tenant = "aaba:tenant";
    public const string TopRole = "aaba:role";

    /// <summary>Present, with <see cref="ConsoleCookie"/>, when the request was signed in by the console's cookie rather than a key header.</summary>
    public const string SignedInBy = "aaba:signed_in_by";
    public const string ConsoleCookie = "console_cookie";

    /// <summary>The bootstrap key's id in the audit trail.</summary>
    public const string BootstrapKeyId = "bootstrap";

    /// <summary>The actor of every request in open mode.</summary>
    public const string OpenKeyId = "open";

    public static ClaimsPrincipal Principal(string keyId, string keyName, TenantId tenant, ApiRole role, string scheme, bool byConsoleCookie = false)
    {
        List<Claim> claims =
        [
            new(KeyId, keyId), new(KeyName, keyName), new(Tenant, tenant.Name), new(TopRole, role.ToWireName()),
            new(ClaimTypes.NameIdentifier, keyId),
        ];
        if (byConsoleCookie)
        {
            claims.Add(new(SignedInBy, ConsoleCookie));
        }
        claims.AddRange(Enum.GetValues<ApiRole>().Where(r => r <= role).Select(r => new Claim(ClaimTypes.Role, r.ToWireName())));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, KeyName, ClaimTypes.Role));
    }

    /// <summary>The caller's tenant. Every route that reaches tasks requires an authenticated caller, so one is there.</summary>
    public static TenantId TenantOf(this ClaimsPrincipal user) =>
        TenantId.TryParse(user.FindFirstValue(Tenant), out var tenant) ? tenant : throw new InvalidOperationException("The request has no tenant.");

    public static string? KeyIdOf(this ClaimsPrincipal user) => user.FindFirstValue(KeyId);

    public static string? RoleOf(this ClaimsPrincipal user) => user.FindFirstValue(TopRole);
}
