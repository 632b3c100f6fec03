using System.Buffers.Text;
using System.Text.Json;
using Aaba.Abstractions.Tasks;
using Aaba.Grains.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aaba.Grains.Tasks;

/// <summary>A task as stored, with the version its next write must match.</summary>
public sealed record StoredTask(TaskState State, long Version);

/// <summary>
/// One task's durable record and its index entries, changed together: every write is one atomic script, one round
/// trip. A task costs two writes when nothing goes wrong: created (already handed to its agent) and finished.
/// The record is a plain string, a fixed-width version followed by the state as JSON, with the retention period as
/// its time-to-live (renewed by every write). A write names the version it read; a stale activation's write (after a
/// directory partition was lost, two may briefly exist) finds another version and fails instead of overwriting.
/// </summary>
public sealed class RedisTaskStore(AabaRedis redis, TaskKeys keys, IOptions<TaskOptions> options)
{
    private const int VersionDigits = 12;

    /// <summary>Creates the record unless one exists (then returns it): a new task needs no read before its first write.</summary>
    private const string CreateScript = """
        local existing = redis.call('GET', KEYS[1])
        if existing then return existing end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
        redis.call('ZADD', KEYS[3], 0, ARGV[4])
        redis.call('ZADD', KEYS[4], 0, ARGV[4])
        redis.call('ZADD', KEYS[5], 0, ARGV[4])
        redis.call('ZADD', KEYS[6], 0, ARGV[4])
        redis.call('SADD', KEYS[7], ARGV[5])
        return false
        """;

    private const string UpdateScript = """
        if redis.call('GETRANGE', KEYS[1], 0, ARGV[3]) ~= ARGV[1] then return 0 end
        redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[4])
        return 1
        """;

    /// <summary>The terminal write: the record, and the task moves from the unfinished and active sets to its status's sets.</summary>
    private const string FinishScript = """
        if redis.call('GETRANGE', KEYS[1], 0, ARGV[3]) ~= ARGV[1] then return 0 end
        redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[4])
        redis.call('ZREM', KEYS[2], ARGV[5])
        redis.call('ZREM', KEYS[3], ARGV[5])
        redis.call('ZREM', KEYS[4], ARGV[5])
        redis.call('ZADD', KEYS[5], 0, ARGV[5])
        redis.call('ZADD', KEYS[6], 0, ARGV[5])
        return 1
        """;

    private long TimeToLiveMs => (long)options.Value.Retention.TotalMilliseconds;

    public async Task<StoredTask?> ReadAsync(TaskId id)
    {
        var db = await redis.GetDatabaseAsync();
        return Decode(await db.StringGetAsync(keys.State(id)));
    }

    /// <summary>Writes a new task (version 1) and indexes it; returns null, or the record that already existed (nothing written).</summary>
    public async Task<StoredTask?> CreateAsync(TaskId id, TaskState state)
    {
        var db = await redis.GetDatabaseAsync();
        RedisValue member = id.ToString();
        var existing = await db.ScriptEvaluateAsync(
            CreateScript,
            [keys.State(id), keys.Unfinished, keys.All, keys.Active, keys.ByAgent(state.Agent), keys.ActiveByAgent(state.Agent), keys.Agents],
            [Encode(state, 1), TimeToLiveMs, state.CreatedAt.ToUnixTimeMilliseconds(), member, state.Agent]);
        return existing.IsNull ? null : Decode((RedisValue)existing);
    }

    /// <summary>Replaces the record at <paramref name="version"/>; returns the new version, or null when the stored one differs.</summary>
    public async Task<long?> UpdateAsync(TaskId id, TaskState state, long version)
    {
        var db = await redis.GetDatabaseAsync();
        var written = await db.ScriptEvaluateAsync(
            UpdateScript,
            [keys.State(id)],
            [VersionText(version), Encode(state, version + 1), VersionDigits - 1, TimeToLiveMs]);
        return (int)written == 1 ? version + 1 : null;
    }

    /// <summary>The terminal write (state has a terminal status): the record and the index together.</summary>
    public async Task<long?> FinishAsync(TaskId id, TaskState state, long version)
    {
        var db = await redis.GetDatabaseAsync();
        var written = await db.ScriptEvaluateAsync(
            FinishScript,
            [
                keys.State(id), keys.Unfinished, keys.Active, keys.ActiveByAgent(state.Agent),
                keys.ByStatus(state.Status), keys.ByAgentAndStatus(state.Agent, state.Status),
            ],
            [VersionText(version), Encode(state, version + 1), VersionDigits - 1, TimeToLiveMs, id.ToString()]);
        return (int)written == 1 ? version + 1 : null;
    }

    private static string VersionText(long version) => version.ToString("D" + VersionDigits, System.Globalization.CultureInfo.InvariantCulture);

    private static byte[] Encode(TaskState state, long version)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(state, AabaJson.Options);
        var record = new byte[VersionDigits + json.Length];
        System.Text.Encoding.ASCII.GetBytes(VersionText(version), record);
        json.CopyTo(record.AsSpan(VersionDigits));
        return record;
    }

    private static StoredTask? Decode(RedisValue record)
    {
        if (record.IsNull)
        {
            return null;
        }
        ReadOnlyMemory<byte> bytes = record;
        if (bytes.Length <= VersionDigits || !Utf8Parser.TryParse(bytes.Span[..VersionDigits], out long version, out var used) || used != VersionDigits)
        {
            throw new JsonException("A stored task record has no version prefix.");
        }
        var state = JsonSerializer.Deserialize<TaskState>(bytes.Span[VersionDigits..], AabaJson.Options)
            ?? throw new JsonException("A stored task record is empty.");
        return new StoredTask(state, version);
    }
}
