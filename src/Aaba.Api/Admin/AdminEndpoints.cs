using Aaba.Api.Security;

namespace Aaba.Api.Admin;

/// <summary>
/// The admin routes, every one behind the admin role and audited:
/// <code>
/// POST   /admin/keys                              create a key (its secret is in this answer only)
/// GET    /admin/keys?tenant=                      list keys (never a secret)
/// DELETE /admin/keys/{id}                         revoke a key (every API process stops accepting it within a second)
/// GET    /admin/audit?tenant=&amp;actor=&amp;action=&amp;outcome=&amp;since=&amp;until=&amp;limit=&amp;cursor=   the audit trail, newest first
/// PUT    /admin/agents/{name}/secrets/{secret}    set an agent secret (write-only)
/// GET    /admin/agents/{name}/secrets             names and times of an agent's secrets
/// DELETE /admin/agents/{name}/secrets/{secret}    delete one
/// </code>
/// The audit trail has no route that changes or deletes an entry.
/// </summary>
internal static class AdminEndpoints
{
    public static RouteGroupBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/admin").WithTags("Admin").RequireAuthorization(AabaPolicies.Admin);
        group.MapKeyEndpoints();
        group.MapAuditEndpoints();
        group.MapSecretEndpoints();
        return group;
    }
}
