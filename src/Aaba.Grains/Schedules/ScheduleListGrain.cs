using System.Collections.Immutable;
using Aaba.Abstractions.Schedules;
using Aaba.Abstractions.Security;
using Aaba.Grains.Security;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Aaba.Grains.Schedules;

/// <summary>A tenant's schedules from the store, with their next runs computed here: no schedule grain is activated. A stateless worker.</summary>
[StatelessWorker]
public sealed class ScheduleListGrain(ScheduleStore store, TimeProvider time, ILogger<ScheduleListGrain> logger) : Grain, IScheduleListGrain
{
    public async Task<ImmutableArray<ScheduleView>> ListAsync(TenantId tenant)
    {
        var schedules = await StoreGuard.RunAsync(() => store.ListAsync(tenant), logger);
        var now = time.GetUtcNow();
        return [.. schedules.Select(s => ScheduleRules.View(s, CronSchedule.TryParse(s.Cron, s.TimeZone).Schedule, now))];
    }
}
