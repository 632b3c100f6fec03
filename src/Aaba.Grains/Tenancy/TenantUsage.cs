using Aaba.Abstractions.Security;
using Aaba.Grains.Security;
using Aaba.Grains.Storage;

namespace Aaba.Grains.Tenancy;

/// <summary>Model tokens each tenant used per UTC day, counted in Redis so every silo sees the same total; a day's counter expires after two days.</summary>
public sealed class TenantUsage(AabaRedis redis, SecurityKeys keys, TimeProvider time)
{
    private static readonly TimeSpan KeepFor = TimeSpan.FromDays(2);

    public async Task<long> UsedTodayAsync(TenantId tenant)
    {
        var db = await redis.GetDatabaseAsync();
        return (long?)await db.StringGetAsync(keys.TokenUsage(tenant, Today())) ?? 0;
    }

    public async Task AddAsync(TenantId tenant, long tokens)
    {
        var db = await redis.GetDatabaseAsync();
        var key = keys.TokenUsage(tenant, Today());
        var batch = db.CreateBatch();
        var added = batch.StringIncrementAsync(key, tokens);
        var expiry = batch.KeyExpireAsync(key, KeepFor);
        batch.Execute();
        await Task.WhenAll(added, expiry);
    }

    private DateOnly Today() => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
}
