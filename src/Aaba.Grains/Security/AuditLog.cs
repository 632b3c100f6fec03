using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aaba.Abstractions.Security;
using Aaba.Grains.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aaba.Grains.Security;

/// <summary>
/// The audit trail in Redis: one sorted set whose members all score 0 and read <c>{id}|{entry json}</c>, the id being
/// <c>{unix ms, 13 digits}-{sequence, 10 digits}</c>, so the set read by value is the trail in time order, like a
/// stream's ids. Not a Redis stream because the embedded store (Garnet 2.2) has no stream commands, and one layout
/// serves both modes. Appends and the retention trim are one script; nothing here changes or removes an entry
/// otherwise. A page is a reverse range read; filters are applied to what it reads (up to a bounded number of
/// reads per page, then the page comes back short with its cursor).
/// </summary>
public sealed partial class AuditLog(AabaRedis redis, SecurityKeys keys, IOptions<AuditOptions> options, TimeProvider time)
{
    private const int ScanBatch = 500;
    private const int MaxScanRounds = 10;

    private const string AppendScript = """
        local count = #ARGV - 3
        local first = redis.call('INCRBY', KEYS[2], count) - count
        for i = 1, count do
          redis.call('ZADD', KEYS[1], 0, string.format('%s-%010d|', ARGV[1], first + i) .. ARGV[i + 3])
        end
        redis.call('ZREMRANGEBYLEX', KEYS[1], '-', '(' .. ARGV[2])
        local excess = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[3])
        if excess > 0 then redis.call('ZREMRANGEBYRANK', KEYS[1], 0, excess - 1) end
        return first
        """;

    /// <summary>Appends the entries (ids assigned here, in order) and trims what the retention no longer keeps.</summary>
    public async Task AppendAsync(IReadOnlyList<AuditEntry> entries)
    {
        if (entries.Count == 0)
        {
            return;
        }
        var now = time.GetUtcNow();
        var arguments = new RedisValue[entries.Count + 3];
        arguments[0] = Millis(now);
        arguments[1] = Millis(now - options.Value.Retention);
        arguments[2] = options.Value.MaxEntries;
        for (var i = 0; i < entries.Count; i++)
        {
            arguments[i + 3] = JsonSerializer.SerializeToUtf8Bytes(entries[i] with { Id = null }, AabaJson.Options);
        }
        var db = await redis.GetDatabaseAsync();
        await db.ScriptEvaluateAsync(AppendScript, [keys.AuditLog, keys.AuditSequence], arguments);
    }

    public async Task<AuditPage> QueryAsync(AuditQuery query)
    {
        var db = await redis.GetDatabaseAsync();
        RedisValue lower = query.Since is { } since ? Millis(since) : RedisValue.Null;
        var upper = query.Cursor ?? (query.Until is { } until ? Millis(until) : null);
        var items = ImmutableArray.CreateBuilder<AuditEntry>(query.Limit);
        string? last = null;
        var exhausted = false;
        for (var round = 0; round < MaxScanRounds && items.Count < query.Limit && !exhausted; round++)
        {
            var members = await db.SortedSetRangeByValueAsync(keys.AuditLog, lower, upper is null ? RedisValue.Null : upper,
                upper is null ? Exclude.None : Exclude.Stop, Order.Descending, 0, ScanBatch);
            exhausted = members.Length < ScanBatch;
            foreach (var member in members)
            {
                var (id, entry) = Decode(member);
                last = id;
                upper = id;
                if (entry is not null && Matches(entry, query))
                {
                    items.Add(entry with { Id = id });
                    if (items.Count == query.Limit)
                    {
                        // Full: whatever is left of this read comes on the next page.
                        exhausted = members[^1] == member && members.Length < ScanBatch;
                        break;
                    }
                }
            }
        }
        return new AuditPage(items.ToImmutable(), exhausted ? null : last);
    }

    /// <summary>The form of a cursor (an entry id).</summary>
    public static bool IsCursor(string? text) => text is not null && CursorPattern().IsMatch(text);

    private static bool Matches(AuditEntry entry, AuditQuery query) =>
        (query.Tenant is not { } tenant || entry.Tenant == tenant) &&
        (query.Actor is null || entry.Actor == query.Actor) &&
        (query.Action is null || entry.Action == query.Action) &&
        (query.Outcome is null || entry.Outcome == query.Outcome);

    private static (string Id, AuditEntry? Entry) Decode(RedisValue member)
    {
        var bytes = (byte[])member!;
        var bar = Array.IndexOf(bytes, (byte)'|');
        if (bar < 0)
        {
            return (Encoding.ASCII.GetString(bytes), null);
        }
        var id = Encoding.ASCII.GetString(bytes, 0, bar);
        try
        {
            return (id, JsonSerializer.Deserialize<AuditEntry>(bytes.AsSpan(bar + 1), AabaJson.Options));
        }
        catch (JsonException)
        {
            return (id, null);
        }
    }

    private static string Millis(DateTimeOffset at) =>
        Math.Clamp(at.ToUnixTimeMilliseconds(), 0, 9_999_999_999_999).ToString("D13", CultureInfo.InvariantCulture);

    [GeneratedRegex("^[0-9]{13}-[0-9]{10}$")]
    private static partial Regex CursorPattern();
}
