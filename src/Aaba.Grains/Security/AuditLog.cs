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
/// The audit trail in Redis: one sorted set scored by time (Unix ms) whose members read <c>{id}|{entry json}</c>, the
/// id being <c>{unix ms, 13 digits}-{sequence, 10 digits}</c>, so the set read by score, ties by value, is the trail in
/// time order, like a stream's ids. Not a Redis stream because the embedded store (Garnet 2.2) has no stream commands,
/// and one layout serves both modes. Appends are one script, which trims what the retention no longer keeps once every
/// <see cref="TrimEvery"/> entries, by score: a trim reads only what it removes (a range by value walks the whole set
/// in Garnet, and doing that on every append made each request's cost grow with the trail). Nothing here changes or
/// removes an entry otherwise. A page is a reverse range read; filters are applied to what it reads (up to a bounded
/// number of reads per page, then the page comes back short with its cursor).
/// </summary>
public sealed partial class AuditLog(AabaRedis redis, SecurityKeys keys, IOptions<AuditOptions> options, TimeProvider time)
{
    private const int ScanBatch = 500;
    private const int MaxScanRounds = 10;

    private const int TrimEvery = 256;

    private const string AppendScript = """
        local count = #ARGV - 4
        local first = redis.call('INCRBY', KEYS[2], count) - count
        for i = 1, count do
          redis.call('ZADD', KEYS[1], ARGV[1], string.format('%s-%010d|', ARGV[1], first + i) .. ARGV[i + 4])
        end
        local every = tonumber(ARGV[4])
        if math.floor((first + count) / every) > math.floor(first / every) then
          redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[2])
          local excess = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[3])
          if excess > 0 then redis.call('ZREMRANGEBYRANK', KEYS[1], 0, excess - 1) end
        end
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
        var arguments = new RedisValue[entries.Count + 4];
        arguments[0] = Millis(now);
        arguments[1] = Millis(now - options.Value.Retention);
        arguments[2] = options.Value.MaxEntries;
        arguments[3] = TrimEvery;
        for (var i = 0; i < entries.Count; i++)
        {
            arguments[i + 4] = JsonSerializer.SerializeToUtf8Bytes(entries[i] with { Id = null }, AabaJson.Options);
        }
        var db = await redis.GetDatabaseAsync();
        await db.ScriptEvaluateAsync(AppendScript, [keys.AuditLog, keys.AuditSequence], arguments);
    }

    public async Task<AuditPage> QueryAsync(AuditQuery query)
    {
        var db = await redis.GetDatabaseAsync();
        double lower = query.Since is { } since ? double.Parse(Millis(since), CultureInfo.InvariantCulture) : double.NegativeInfinity;
        // The cursor is the last id a page showed: this page continues with the entries before it (ids compare as text).
        var cursor = query.Cursor;
        double upper = cursor is not null
            ? double.Parse(cursor[..13], CultureInfo.InvariantCulture)
            : query.Until is { } until ? double.Parse(Millis(until), CultureInfo.InvariantCulture) : double.PositiveInfinity;
        var upperExclude = cursor is null && query.Until is not null ? Exclude.Stop : Exclude.None;
        var items = ImmutableArray.CreateBuilder<AuditEntry>(query.Limit);
        string? last = null;
        var exhausted = false;
        for (var round = 0; round < MaxScanRounds && items.Count < query.Limit && !exhausted; round++)
        {
            var members = await db.SortedSetRangeByScoreAsync(keys.AuditLog, lower, upper, upperExclude, Order.Descending, 0, ScanBatch);
            exhausted = members.Length < ScanBatch;
            var newer = 0;
            foreach (var member in members)
            {
                var (id, entry) = Decode(member);
                if (cursor is not null && string.CompareOrdinal(id, cursor) >= 0)
                {
                    continue;
                }
                newer++;
                last = id;
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
            // The next read continues below the last entry seen, by time and then by id, so appends never shift it.
            if (last is not null)
            {
                cursor = last;
                upper = double.Parse(last[..13], CultureInfo.InvariantCulture) - (newer == 0 ? 1 : 0);
                upperExclude = Exclude.None;
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
