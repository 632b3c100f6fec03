namespace Aaba.Abstractions.Security;

/// <summary>One page of the audit trail, newest first, optionally filtered.</summary>
/// <param name="Tenant">Only entries of this tenant.</param>
/// <param name="Actor">Only entries of this key id.</param>
/// <param name="Action">Only this action (e.g. <c>task.run</c>).</param>
/// <param name="Outcome">Only this outcome (<c>ok</c>, <c>denied</c>, <c>failed</c>).</param>
/// <param name="Since">Only entries at or after this time.</param>
/// <param name="Until">Only entries before this time.</param>
/// <param name="Cursor">The previous page's <see cref="AuditPage.NextCursor"/>.</param>
/// <param name="Limit">Entries per page, 1 to <see cref="MaxLimit"/>.</param>
[GenerateSerializer, Immutable, Alias("aaba.audit-query")]
public sealed record AuditQuery(
    [property: Id(0)] TenantId? Tenant,
    [property: Id(1)] string? Actor,
    [property: Id(2)] string? Action,
    [property: Id(3)] string? Outcome,
    [property: Id(4)] DateTimeOffset? Since,
    [property: Id(5)] DateTimeOffset? Until,
    [property: Id(6)] string? Cursor,
    [property: Id(7)] int Limit)
{
    /// <summary>The largest page.</summary>
    public const int MaxLimit = 200;
}
