namespace Aaba.Grains.Tasks;

/// <summary>
/// One page request against the index. <see cref="Active"/> selects queued-or-running tasks; <see cref="Status"/> a
/// terminal status; both null means every task. Bounds are exclusive; <see cref="Before"/> is the paging cursor.
/// </summary>
public sealed record TaskIndexQuery(
    string? Agent,
    bool Active,
    Aaba.Abstractions.Tasks.AgentTaskStatus? Status,
    DateTimeOffset? CreatedAfter,
    DateTimeOffset? CreatedBefore,
    Aaba.Abstractions.Tasks.TaskId? Before,
    int Limit);
