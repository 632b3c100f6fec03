using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Aaba.Abstractions.Tasks;
using Aaba.Grains.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aaba.Grains.Tasks;

/// <summary>A task as stored, with the version its next write must match.</summary>
public sealed record StoredTask(TaskState State, long Version);

/// <summary>What a create found: nothing (written), the task that existed (nothing written), or the tenant at its limit (nothing written).</summary>
public sealed record CreateOutcome(StoredTask? Existing, bool OverLimit)
{
    public static readonly CreateOutcome Created = new(null, false);
}

/// <summary>
/// One task's durable record, its lease and its index entries, changed together: every write is one atomic script,
/// one round trip. A task costs two writes when nothing goes wrong: created (already handed to its agent) and finished.
/// <list type="bullet">
/// <item>The record is a plain string, a fixed-width version followed by the state as JSON. A write names the version
/// it read; a stale activation's write (two may briefly exist after a silo is lost) finds another and fails.</item>
/// <item>Only a finished record expires (the retention period): an unfinished task is never lost to a time-to-live,
/// however long an outage lasts, nor to a <c>volatile-*</c> eviction policy.</item>
/// <item>The unfinished set is scored by lease expiry (Unix ms): a silo renews the leases of the runs it holds, and
/// recovery reads only expired ones, so its cost does not grow with the number of tasks waiting.</item>
/// <item>The summaries hash holds what a listing shows of each task, so a page costs one index read and no activation.</item>
/// <item>A tenant's limit on tasks in flight is checked inside the create script (the size of its active set, O(1)):
/// atomic across every silo, and no extra round trip.</item>
/// </list>
/// </summary>
public sealed class RedisTaskStore(AabaRedis redis, TaskKeys keys, IOptions<TaskOptions> options)
{
    private const int VersionDigits = 12;
    private const int RenewBatch = 1000;
    private const int MaxKeptRecordBuffer = 64 * 1024;

    /// <summary>
    /// Creates the record unless one exists (then returns it): a new task needs no read before its first write.
    /// Returns -1 (nothing written) when the tenant's active set already holds ARGV[7] tasks ("" = no limit).
    /// </summary>
    private const string CreateScript = """
        local existing = redis.call('GET', KEYS[1])
        if existing then return existing end
        if ARGV[7] ~= '' and redis.call('ZCARD', KEYS[4]) >= tonumber(ARGV[7]) then return -1 end
        redis.call('SET', KEYS[1], ARGV[1])
        redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
        redis.call('ZADD', KEYS[3], 0, ARGV[3])
        redis.call('ZADD', KEYS[4], 0, ARGV[3])
        redis.call('ZADD', KEYS[5], 0, ARGV[3])
        redis.call('ZADD', KEYS[6], 0, ARGV[3])
        redis.call('SADD', KEYS[7], ARGV[4])
        redis.call('HSET', KEYS[8], ARGV[3], ARGV[5])
        if ARGV[6] ~= '' then redis.call('SADD', KEYS[9], ARGV[6]) end
        return false
        """;

    /// <summary>An unfinished task changes; a lease score of "" leaves its lease as it is.</summary>
    private const string UpdateScript = """
        if redis.call('GETRANGE', KEYS[1], 0, ARGV[3]) ~= ARGV[1] then return 0 end
        redis.call('SET', KEYS[1], ARGV[2])
        if ARGV[4] ~= '' then redis.call('ZADD', KEYS[2], 'XX', ARGV[4], ARGV[5]) end
        redis.call('HSET', KEYS[3], ARGV[5], ARGV[6])
        return 1
        """;

    /// <summary>The terminal write: the record starts to expire, and the task moves from the unfinished and active sets to its status's sets.</summary>
    private const string FinishScript = """
        if redis.call('GETRANGE', KEYS[1], 0, ARGV[3]) ~= ARGV[1] then return 0 end
        redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[4])
        redis.call('ZREM', KEYS[2], ARGV[5])
        redis.call('ZREM', KEYS[3], ARGV[5])
        redis.call('ZREM', KEYS[4], ARGV[5])
        redis.call('ZADD', KEYS[5], 0, ARGV[5])
        redis.call('ZADD', KEYS[6], 0, ARGV[5])
        redis.call('HSET', KEYS[7], ARGV[5], ARGV[6])
        if ARGV[7] ~= '' then redis.call('ZADD', KEYS[2], ARGV[7], ARGV[5]) end
        return 1
        """;

    /// <summary>
    /// A finished task's completion webhook changed: the record keeps its time to live; the lease is set (a delivery is
    /// due) or removed (delivered, or given up). Only tasks with a <c>callback_url</c> ever take this path.
    /// </summary>
    private const string AfterFinishScript = """
        if redis.call('GETRANGE', KEYS[1], 0, ARGV[3]) ~= ARGV[1] then return 0 end
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl > 0 then redis.call('SET', KEYS[1], ARGV[2], 'PX', ttl) else redis.call('SET', KEYS[1], ARGV[2]) end
        if ARGV[4] ~= '' then redis.call('ZADD', KEYS[2], ARGV[4], ARGV[5]) else redis.call('ZREM', KEYS[2], ARGV[5]) end
        return 1
        """;

    /// <summary>
    /// Takes up to ARGV[3] tasks whose lease expired by ARGV[1] and leases them to the caller until ARGV[2], so each
    /// expired task is checked by one silo at a time (another takes it over if that silo dies before checking).
    /// </summary>
    private const string ClaimScript = """
        local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[3])
        for _, id in ipairs(ids) do redis.call('ZADD', KEYS[1], ARGV[2], id) end
        return ids
        """;

    private long RetentionMs => (long)options.Value.Retention.TotalMilliseconds;

    public async Task<StoredTask?> ReadAsync(TaskId id)
    {
        var db = await redis.GetDatabaseAsync();
        return Decode(await db.StringGetAsync(keys.State(id)));
    }

    /// <summary>
    /// Writes a new task (version 1), leased and indexed, unless it exists or its tenant already has
    /// <paramref name="maxInFlight"/> tasks queued or running (null: no limit).
    /// </summary>
    public async Task<CreateOutcome> CreateAsync(TaskId id, TaskState state, DateTimeOffset leaseUntil, int? maxInFlight)
    {
        var db = await redis.GetDatabaseAsync();
        var tenant = state.Tenant;
        var existing = await db.ScriptEvaluateAsync(
            CreateScript,
            [
                keys.State(id), keys.Unfinished, keys.All(tenant), keys.Active(tenant), keys.ByAgent(tenant, state.Agent),
                keys.ActiveByAgent(tenant, state.Agent), keys.Agents(tenant), keys.Summaries, keys.Tenants,
            ],
            [
                Encode(state, 1), Score(leaseUntil), id.ToString(), state.Agent, Summary(id, state),
                tenant.IsDefault ? "" : tenant.Name, maxInFlight?.ToString(CultureInfo.InvariantCulture) ?? "",
            ]);
        return existing.IsNull ? CreateOutcome.Created
            : existing.Resp2Type == ResultType.Integer ? new CreateOutcome(null, OverLimit: true)
            : new CreateOutcome(Decode((RedisValue)existing), OverLimit: false);
    }

    /// <summary>Replaces the record at <paramref name="version"/>; returns the new version, or null when the stored one differs.</summary>
    public async Task<long?> UpdateAsync(TaskId id, TaskState state, long version, DateTimeOffset? leaseUntil)
    {
        var db = await redis.GetDatabaseAsync();
        var written = await db.ScriptEvaluateAsync(
            UpdateScript,
            [keys.State(id), keys.Unfinished, keys.Summaries],
            [
                VersionText(version), Encode(state, version + 1), VersionDigits - 1,
                leaseUntil is { } lease ? Score(lease) : "", id.ToString(), Summary(id, state),
            ]);
        return (int)written == 1 ? version + 1 : null;
    }

    /// <summary>
    /// The terminal write (state has a terminal status): the record and the index together. A task with a completion
    /// webhook to send keeps a lease (<paramref name="leaseUntil"/>) in the unfinished set until it is delivered.
    /// </summary>
    public async Task<long?> FinishAsync(TaskId id, TaskState state, long version, DateTimeOffset? leaseUntil = null)
    {
        var db = await redis.GetDatabaseAsync();
        var written = await db.ScriptEvaluateAsync(
            FinishScript,
            [
                keys.State(id), keys.Unfinished, keys.Active(state.Tenant), keys.ActiveByAgent(state.Tenant, state.Agent),
                keys.ByStatus(state.Tenant, state.Status), keys.ByAgentAndStatus(state.Tenant, state.Agent, state.Status), keys.Summaries,
            ],
            [VersionText(version), Encode(state, version + 1), VersionDigits - 1, RetentionMs, id.ToString(), Summary(id, state),
                leaseUntil is { } lease ? Score(lease) : ""]);
        return (int)written == 1 ? version + 1 : null;
    }

    /// <summary>Rewrites a finished record at <paramref name="version"/> (its completion webhook changed) and sets or removes its lease.</summary>
    public async Task<long?> UpdateFinishedAsync(TaskId id, TaskState state, long version, DateTimeOffset? leaseUntil)
    {
        var db = await redis.GetDatabaseAsync();
        var written = await db.ScriptEvaluateAsync(
            AfterFinishScript,
            [keys.State(id), keys.Unfinished],
            [VersionText(version), Encode(state, version + 1), VersionDigits - 1, leaseUntil is { } lease ? Score(lease) : "", id.ToString()]);
        return (int)written == 1 ? version + 1 : null;
    }

    /// <summary>Moves the leases of unfinished tasks (finished ones are left out: their entries are gone).</summary>
    public async Task RenewLeasesAsync(IReadOnlyCollection<TaskId> ids, DateTimeOffset until)
    {
        if (ids.Count == 0)
        {
            return;
        }
        var db = await redis.GetDatabaseAsync();
        double score = until.ToUnixTimeMilliseconds();
        var batches = ids.Chunk(RenewBatch).Select(chunk => db.SortedSetAddAsync(
            keys.Unfinished, [.. chunk.Select(id => new SortedSetEntry(id.ToString(), score))], SortedSetWhen.Exists));
        await Task.WhenAll(batches);
    }

    /// <summary>Leases up to <paramref name="max"/> tasks whose lease expired by <paramref name="expiredBy"/> to the caller until <paramref name="claimUntil"/>.</summary>
    public async Task<IReadOnlyList<TaskId>> ClaimExpiredAsync(DateTimeOffset expiredBy, DateTimeOffset claimUntil, int max)
    {
        var db = await redis.GetDatabaseAsync();
        var claimed = (RedisValue[]?)await db.ScriptEvaluateAsync(
            ClaimScript, [keys.Unfinished], [Score(expiredBy), Score(claimUntil), max]);
        var ids = new List<TaskId>(claimed?.Length ?? 0);
        foreach (var member in claimed ?? [])
        {
            if (TaskId.TryParse(member.ToString(), out var id))
            {
                ids.Add(id);
            }
        }
        return ids;
    }

    /// <summary>Drops an unfinished entry whose record is gone.</summary>
    public async Task ForgetUnfinishedAsync(TaskId id)
    {
        var db = await redis.GetDatabaseAsync();
        await db.SortedSetRemoveAsync(keys.Unfinished, id.ToString());
    }

    /// <summary>
    /// The command never left this process: no connection was there to send it on (the client fails fast then), so
    /// it certainly did not take effect. Any other failure (a timeout, a dropped connection) may follow a write that landed.
    /// </summary>
    public static bool NeverSent(Exception exception) =>
        exception is RedisConnectionException { FailureType: ConnectionFailureType.UnableToConnect or ConnectionFailureType.UnableToResolvePhysicalConnection };

    private static string Score(DateTimeOffset at) => at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    private static string VersionText(long version) => version.ToString("D" + VersionDigits, CultureInfo.InvariantCulture);

    private static byte[] Summary(TaskId id, TaskState state) => JsonSerializer.SerializeToUtf8Bytes(
        new TaskSummary(id, state.Agent, state.Status, state.CreatedAt, state.StartedAt, state.FinishedAt, state.Attempts, state.Error),
        AabaJson.Options);

    /// <summary>The version and the JSON written into one reused buffer, so a record costs one array (the one sent).</summary>
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _recordBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? _recordWriter;

    private static byte[] Encode(TaskState state, long version)
    {
        var buffer = _recordBuffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        var written = Encoding.ASCII.GetBytes(VersionText(version), buffer.GetSpan(VersionDigits));
        buffer.Advance(written);
        var writer = _recordWriter ??= new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = AabaJson.Options.Encoder, SkipValidation = true });
        writer.Reset(buffer);
        JsonSerializer.Serialize(writer, state, AabaJson.Options);
        writer.Flush();
        var record = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity > MaxKeptRecordBuffer)
        {
            // A rare huge record (a long result) does not pin its buffer to the thread.
            _recordBuffer = null;
            _recordWriter = null;
        }
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
