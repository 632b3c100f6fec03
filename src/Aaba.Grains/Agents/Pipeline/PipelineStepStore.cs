using Aaba.Abstractions.Tasks;
using Aaba.Grains.Storage;
using Aaba.Grains.Tasks;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Aaba.Grains.Agents.Pipeline;

/// <summary>
/// The child tasks of each pipeline task, in the order they were started: one sorted set per pipeline (score = its
/// place), expiring with the retention period, plus the summaries the task store already keeps. Written by pipeline
/// runs only, so a plain task's path does not change.
/// </summary>
public sealed class PipelineStepStore(AabaRedis redis, TaskKeys keys, IOptions<ClusterOptions> cluster, IOptions<TaskOptions> options)
{
    private readonly string _prefix = $"{cluster.Value.ServiceId}/aaba/pipeline/";

    /// <summary>Notes that <paramref name="child"/> is the step at <paramref name="place"/> of <paramref name="parent"/> (again: no change).</summary>
    public async Task AddAsync(TaskId parent, TaskId child, double place)
    {
        var db = await redis.GetDatabaseAsync();
        var key = (RedisKey)(_prefix + parent);
        var batch = db.CreateBatch();
        var added = batch.SortedSetAddAsync(key, child.ToString(), place, SortedSetWhen.NotExists);
        var expiry = batch.KeyExpireAsync(key, options.Value.Retention * 2);
        batch.Execute();
        await Task.WhenAll(added, expiry);
    }

    /// <summary>The summaries of <paramref name="parent"/>'s children, in step order.</summary>
    public async Task<IReadOnlyList<TaskSummary>> ListAsync(TaskId parent)
    {
        var db = await redis.GetDatabaseAsync();
        var ids = await db.SortedSetRangeByRankAsync(_prefix + parent);
        if (ids.Length == 0)
        {
            return [];
        }
        var summaries = await db.HashGetAsync(keys.Summaries, ids);
        return [.. summaries.Where(s => !s.IsNull).Select(s => System.Text.Json.JsonSerializer.Deserialize<TaskSummary>((string)s!, AabaJson.Options)!)];
    }
}
