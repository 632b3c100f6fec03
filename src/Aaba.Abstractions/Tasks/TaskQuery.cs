using Aaba.Abstractions.Security;

namespace Aaba.Abstractions.Tasks;

/// <summary>One page request: tasks newest first, optionally of one agent and status, created in a time range.</summary>
/// <param name="Agent">Only this agent's tasks.</param>
/// <param name="Status">Only tasks in this status.</param>
/// <param name="CreatedAfter">Only tasks created after this time (exclusive).</param>
/// <param name="CreatedBefore">Only tasks created before this time (exclusive).</param>
/// <param name="Cursor">The previous page's <see cref="TaskPage.NextCursor"/>: continue after it.</param>
/// <param name="Limit">Tasks per page, 1 to <see cref="MaxLimit"/>.</param>
/// <param name="Tenant">Whose tasks: a listing never shows another tenant's.</param>
[GenerateSerializer, Immutable, Alias("aaba.task-query")]
public sealed record TaskQuery(
    [property: Id(0)] string? Agent,
    [property: Id(1)] AgentTaskStatus? Status,
    [property: Id(2)] DateTimeOffset? CreatedAfter,
    [property: Id(3)] DateTimeOffset? CreatedBefore,
    [property: Id(4)] TaskId? Cursor,
    [property: Id(5)] int Limit,
    [property: Id(6)] TenantId Tenant = default)
{
    /// <summary>The largest page.</summary>
    public const int MaxLimit = 100;

    /// <summary>The earliest and latest times a query may name (task ids hold 48 bits of Unix milliseconds).</summary>
    public static readonly DateTimeOffset EarliestTime = DateTimeOffset.UnixEpoch;

    /// <inheritdoc cref="EarliestTime"/>
    public static readonly DateTimeOffset LatestTime = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);
}
