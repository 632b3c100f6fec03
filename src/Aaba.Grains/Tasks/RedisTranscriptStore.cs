using System.Globalization;
using System.Text.Json.Nodes;
using Aaba.Abstractions.Tasks;
using Aaba.Grains.Storage;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Aaba.Grains.Tasks;

/// <summary>
/// Transcripts, one Redis hash per task with a field per attempt, so a task retried after a model outage keeps what
/// every attempt did. Kept out of the task record on purpose: the record is read whenever a task activates, a
/// transcript only when someone asks. Expires with the retention period, counted from the last attempt's save.
/// </summary>
public sealed class RedisTranscriptStore(AabaRedis redis, IOptions<ClusterOptions> cluster, IOptions<TaskOptions> options)
{
    private readonly string _prefix = $"{cluster.Value.ServiceId}/aaba/transcript/";

    /// <summary>Stores <paramref name="attempt"/>'s entries (a JSON array); saving the same attempt again replaces it.</summary>
    public async Task SaveAsync(TaskId id, int attempt, string transcriptJson)
    {
        var db = await redis.GetDatabaseAsync();
        var key = (RedisKey)(_prefix + id);
        var batch = db.CreateBatch();
        var saved = batch.HashSetAsync(key, attempt.ToString(CultureInfo.InvariantCulture), transcriptJson);
        var expiry = batch.KeyExpireAsync(key, options.Value.Retention);
        batch.Execute();
        await Task.WhenAll(saved, expiry);
    }

    /// <summary>Every attempt's entries in order, each marked with its attempt, as one JSON array ("[]" when none).</summary>
    public async Task<string> GetAsync(TaskId id)
    {
        var db = await redis.GetDatabaseAsync();
        var attempts = await db.HashGetAllAsync(_prefix + id);
        var all = new JsonArray();
        foreach (var attempt in attempts.OrderBy(a => int.Parse(a.Name.ToString(), CultureInfo.InvariantCulture)))
        {
            if (JsonNode.Parse(attempt.Value.ToString()) is not JsonArray entries)
            {
                continue;
            }
            foreach (var entry in entries.ToList())
            {
                entries.Remove(entry);
                if (entry is JsonObject fields)
                {
                    fields["attempt"] = int.Parse(attempt.Name.ToString(), CultureInfo.InvariantCulture);
                }
                all.Add(entry);
            }
        }
        return all.ToJsonString();
    }
}
