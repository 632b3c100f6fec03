using Aaba.Abstractions.Security;

namespace Aaba.Api.Security;

/// <summary>A key that is valid now: its id and name, tenant and role (never its secret).</summary>
internal sealed record KnownKey(string Id, string Name, TenantId Tenant, ApiRole Role);
