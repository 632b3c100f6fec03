using System.Collections.Immutable;
using Aaba.Abstractions.Security;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Aaba.Grains.Security;

/// <summary>The audit trail (<see cref="AuditLog"/>): append and read, nothing else. A stateless worker, so every silo answers locally.</summary>
[StatelessWorker]
public sealed class AuditGrain(AuditLog log, ILogger<AuditGrain> logger) : Grain, IAuditGrain
{
    public Task AppendAsync(ImmutableArray<AuditEntry> entries) => StoreGuard.RunAsync(() => log.AppendAsync(entries), logger);

    public Task<AuditPage> QueryAsync(AuditQuery query) => StoreGuard.RunAsync(() => log.QueryAsync(query), logger);
}
