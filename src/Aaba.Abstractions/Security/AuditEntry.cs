namespace Aaba.Abstractions.Security;

/// <summary>One line of the audit trail: who did what, for which tenant, when, from where, and how it ended.</summary>
/// <param name="Id">Assigned when appended: time-ordered (<c>{unix ms}-{sequence}</c>), also the paging cursor.</param>
/// <param name="At">When the request was answered.</param>
/// <param name="Actor">The key id (<c>key_…</c>, <c>bootstrap</c>, <c>open</c>), or <c>anonymous</c> when none was accepted.</param>
/// <param name="Tenant">The actor's tenant (the default tenant for anonymous requests).</param>
/// <param name="Role">The actor's role, when a key was accepted.</param>
/// <param name="Action">What was done or tried: <c>task.run</c>, <c>task.cancel</c>, <c>key.create</c>, <c>request.denied</c>, …</param>
/// <param name="Target">What it was done to (a task id, key id, agent secret), when there is one.</param>
/// <param name="Outcome"><c>ok</c>, <c>denied</c> or <c>failed</c>.</param>
/// <param name="Status">The HTTP status answered (none for an event that is not an answer, such as a key's first use from an address).</param>
/// <param name="Address">The client's address.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path (never the query string).</param>
/// <param name="Detail">A short reason (why denied, why failed), never a secret.</param>
[GenerateSerializer, Immutable, Alias("aaba.audit-entry")]
public sealed record AuditEntry(
    [property: Id(0)] string? Id,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string Actor,
    [property: Id(3)] TenantId Tenant,
    [property: Id(4)] string? Role,
    [property: Id(5)] string Action,
    [property: Id(6)] string? Target,
    [property: Id(7)] string Outcome,
    [property: Id(8)] int? Status,
    [property: Id(9)] string? Address,
    [property: Id(10)] string Method,
    [property: Id(11)] string Path,
    [property: Id(12)] string? Detail);
