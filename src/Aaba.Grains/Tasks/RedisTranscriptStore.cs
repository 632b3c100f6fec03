using Aaba.Abstractions.Tasks;
using Aaba.Grains.Storage;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Aaba.Grains.Tasks;

/// <summary>
/// Transcripts as plain Redis strings with the task's retention as their time-to-live. Kept out of grain state on
/// purpose: grain state is read whenever a task activates, a transcript only when someone asks for it.
/// </summary>
public sealed class RedisTranscriptStore(AabaRedis redis, IOptions<ClusterOptions> cluster, IOptions<TaskOptions> options)
{
    private readonly string _prefix = $"{cluster.Value.ServiceId}/aaba/transcripts/";

    public async Task SaveAsync(TaskId id, string transcriptJson)
    {
        var db = await redis.GetDatabaseAsync();
        await db.StringSetAsync(_prefix + id, transcriptJson, options.Value.Retention);
    }

    public async Task<string?> GetAsync(TaskId id)
    {
        var db = await redis.GetDatabaseAsync();
        var value = await db.StringGetAsync(_prefix + id);
        return value.IsNull ? null : value.ToString();
    }
}
