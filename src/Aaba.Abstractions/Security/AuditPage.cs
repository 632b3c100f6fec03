using System.Collections.Immutable;

namespace Aaba.Abstractions.Security;

/// <summary>Audit entries newest first; <see cref="NextCursor"/> continues (null: no more).</summary>
[GenerateSerializer, Immutable, Alias("aaba.audit-page")]
public sealed record AuditPage([property: Id(0)] ImmutableArray<AuditEntry> Items, [property: Id(1)] string? NextCursor);
