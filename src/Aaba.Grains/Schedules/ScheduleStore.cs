using System.Text.Json;
using Aaba.Abstractions.Schedules;
using Aaba.Abstractions.Security;
using Aaba.Grains.Storage;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Aaba.Grains.Schedules;

/// <summary>
/// Schedules in Redis: one hash per tenant, name → <see cref="StoredSchedule"/> (JSON). A schedule is written by
/// its own grain only; a tenant's listing is one read.
/// </summary>
public sealed class ScheduleStore(AabaRedis redis, IOptions<ClusterOptions> cluster)
{
    private readonly string _prefix = $"{cluster.Value.ServiceId}/aaba/schedules/";

    /// <summary>The schedule, or null when there is none.</summary>
    public async Task<StoredSchedule?> ReadAsync(ScheduleKey key)
    {
        var db = await redis.GetDatabaseAsync();
        var value = await db.HashGetAsync(HashOf(key.Tenant), key.Name);
        return value.IsNull ? null : Parse(value!);
    }

    /// <summary>Every schedule of <paramref name="tenant"/>, by name.</summary>
    public async Task<IReadOnlyList<StoredSchedule>> ListAsync(TenantId tenant)
    {
        var db = await redis.GetDatabaseAsync();
        var entries = await db.HashGetAllAsync(HashOf(tenant));
        return [.. entries.Select(e => Parse(e.Value!)).OrderBy(s => s.Name, StringComparer.Ordinal)];
    }

    public async Task WriteAsync(StoredSchedule schedule)
    {
        var db = await redis.GetDatabaseAsync();
        await db.HashSetAsync(HashOf(schedule.Tenant), schedule.Name, JsonSerializer.Serialize(schedule, AabaJson.Options));
    }

    /// <summary>Removes the schedule; false when there was none.</summary>
    public async Task<bool> DeleteAsync(ScheduleKey key)
    {
        var db = await redis.GetDatabaseAsync();
        return await db.HashDeleteAsync(HashOf(key.Tenant), key.Name);
    }

    private RedisKey HashOf(TenantId tenant) => _prefix + tenant.Name;

    private static StoredSchedule Parse(string json) => JsonSerializer.Deserialize<StoredSchedule>(json, AabaJson.Options)!;
}
