using Aaba.Abstractions.Tasks;
using Aaba.Grains.Storage;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Aaba.Grains.Tasks;

/// <summary>A Redis sorted set per service, scored by creation time: ZADD/ZREM are single O(log n) commands.</summary>
public sealed class RedisUnfinishedTaskIndex(AabaRedis redis, IOptions<ClusterOptions> cluster) : IUnfinishedTaskIndex
{
    private readonly RedisKey _key = $"{cluster.Value.ServiceId}/aaba/tasks/unfinished";

    public async Task AddAsync(TaskId id, DateTimeOffset createdAt)
    {
        var db = await redis.GetDatabaseAsync();
        await db.SortedSetAddAsync(_key, id.ToString(), createdAt.ToUnixTimeMilliseconds());
    }

    public async Task RemoveAsync(TaskId id)
    {
        var db = await redis.GetDatabaseAsync();
        await db.SortedSetRemoveAsync(_key, id.ToString());
    }

    public async Task<IReadOnlyList<TaskId>> ListAsync(DateTimeOffset createdBefore, int max)
    {
        var db = await redis.GetDatabaseAsync();
        var members = await db.SortedSetRangeByScoreAsync(
            _key, double.NegativeInfinity, createdBefore.ToUnixTimeMilliseconds(), Exclude.Stop, Order.Ascending, 0, max);
        var ids = new List<TaskId>(members.Length);
        foreach (var member in members)
        {
            if (TaskId.TryParse(member.ToString(), out var id))
            {
                ids.Add(id);
            }
        }
        return ids;
    }
}
