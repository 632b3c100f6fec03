using System.ComponentModel.DataAnnotations;

namespace Aaba.Grains.Security;

/// <summary>How long the audit trail keeps its entries.</summary>
public sealed class AuditOptions
{
    public const string Section = "Aaba:Audit";

    /// <summary>Entries older than this are trimmed (at the next append). Default 90 days.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>At most this many entries are kept, the oldest trimmed first, whatever their age.</summary>
    [Range(1000, 100_000_000)]
    public int MaxEntries { get; set; } = 1_000_000;
}
