namespace Aaba.Abstractions.Tasks;

/// <summary>The tenant already has as many tasks queued or running as it may (nothing was created); retry later.</summary>
[GenerateSerializer, Alias("aaba.tenant-task-limit")]
public sealed class TenantTaskLimitException(int limit)
    : Exception($"This tenant already has {limit} tasks queued or running, its limit; nothing was started. Retry when some have finished.")
{
    /// <summary>The tenant's limit on tasks in flight.</summary>
    [Id(0)]
    public int Limit { get; } = limit;
}
