using Aaba.Abstractions.Security;
using Aaba.Api.Security;

namespace Aaba.Api.Admin;

/// <summary>The body of <c>POST /admin/keys</c>.</summary>
/// <param name="Name">Who or what uses the key.</param>
/// <param name="Role">reader, operator or admin.</param>
/// <param name="Tenant">The tenant whose tasks it reaches (default: the admin's own).</param>
public sealed record CreateKeyRequest(string Name, string Role, string? Tenant);

/// <summary>A key as listed: never its secret.</summary>
public sealed record KeyResponse(string Id, string Name, string Tenant, string Role, DateTimeOffset CreatedAt, string CreatedBy)
{
    public static KeyResponse From(ApiKeyRecord key) =>
        new(key.Id, key.Name, key.Tenant.Name, key.Role.ToWireName(), key.CreatedAt, key.CreatedBy);
}

/// <summary>A new key, with its secret: the only time it is shown.</summary>
public sealed record KeyCreated(string Id, string Key, string Name, string Tenant, string Role, DateTimeOffset CreatedAt, string CreatedBy) : IAuditTarget
{
    string IAuditTarget.AuditTarget => Id;

    public static KeyCreated From(ApiKeyRecord key, string secret) =>
        new(key.Id, secret, key.Name, key.Tenant.Name, key.Role.ToWireName(), key.CreatedAt, key.CreatedBy);
}
