namespace Aaba.Abstractions.Security;

/// <summary>An API key as stored and listed: never the key itself, nor its hash.</summary>
/// <param name="Id">The key's public id (<c>key_…</c>), used to list and revoke it.</param>
/// <param name="Name">What the admin called it (who or what uses it).</param>
/// <param name="Tenant">The tenant whose tasks it reaches.</param>
/// <param name="Role">What it may do.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="CreatedBy">The id of the key that created it.</param>
[GenerateSerializer, Immutable, Alias("aaba.api-key")]
public sealed record ApiKeyRecord(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] TenantId Tenant,
    [property: Id(3)] ApiRole Role,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] string CreatedBy);
