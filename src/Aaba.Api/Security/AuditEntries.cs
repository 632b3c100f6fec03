using Aaba.Abstractions.Security;

namespace Aaba.Api.Security;

/// <summary>Builds audit entries from a request: who (key id, tenant, role), from where, what, how it ended; never the query string, a body or a key.</summary>
internal static class AuditEntries
{
    private const int MaxPathLength = 300;

    public static AuditEntry For(HttpContext context, string action, string? target, int status, string? detail, DateTimeOffset at)
    {
        var user = context.User;
        var keyId = user.KeyIdOf();
        var tenant = keyId is null ? TenantId.Default : user.TenantOf();
        return new AuditEntry(null, at, keyId ?? "anonymous", tenant, user.RoleOf(), action, target, AuditOutcomes.Of(status), status,
            context.Connection.RemoteIpAddress?.ToString(), context.Request.Method, PathOf(context), detail);
    }

    public static string PathOf(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        return path.Length <= MaxPathLength ? path : path[..MaxPathLength] + "…";
    }
}
