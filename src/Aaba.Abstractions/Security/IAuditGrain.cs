using System.Collections.Immutable;

namespace Aaba.Abstractions.Security;

/// <summary>
/// The audit trail: append-only (nothing here changes or deletes an entry; only the retention trims the oldest),
/// durable in the store before the append returns. A stateless worker; reach it with
/// <see cref="GrainFactoryExtensions.GetAuditTrail"/>.
/// </summary>
[Alias("aaba.audit")]
public interface IAuditGrain : IGrainWithStringKey
{
    /// <summary>Appends the entries (their ids are assigned here) and returns once they are stored.</summary>
    /// <exception cref="Tasks.StorageUnavailableException">The store did not answer.</exception>
    [Alias("append")]
    Task AppendAsync(ImmutableArray<AuditEntry> entries);

    /// <summary>One page, newest first.</summary>
    /// <exception cref="Tasks.StorageUnavailableException">The store did not answer.</exception>
    [Alias("query")]
    Task<AuditPage> QueryAsync(AuditQuery query);
}
