using System.Collections.Immutable;
using Aaba.Abstractions.Security;

namespace Aaba.Abstractions.Schedules;

/// <summary>
/// Lists a tenant's schedules from the store without activating them (one read). A stateless worker, so every silo
/// answers locally; reach it with <see cref="GrainFactoryExtensions.GetSchedules"/>.
/// </summary>
[Alias("aaba.schedule-list")]
public interface IScheduleListGrain : IGrainWithStringKey
{
    /// <summary>The tenant's schedules by name, each with its next and last runs.</summary>
    /// <exception cref="Tasks.StorageUnavailableException">The store did not answer.</exception>
    [Alias("list")]
    Task<ImmutableArray<ScheduleView>> ListAsync(TenantId tenant);
}
