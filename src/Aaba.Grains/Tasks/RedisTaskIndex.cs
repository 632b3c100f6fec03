using System.Globalization;
using Aaba.Abstractions.Tasks;
using Aaba.Grains.Storage;
using StackExchange.Redis;

namespace Aaba.Grains.Tasks;

/// <summary>
/// Reads the task index (see <see cref="TaskKeys"/>); <see cref="RedisTaskStore"/> writes it, in the same scripts as
/// the task records. A reverse lexical range over a listing set is "newest first", the last id of a page is its
/// cursor, and a time bound is an id prefix.
/// </summary>
public sealed class RedisTaskIndex(AabaRedis redis, TaskKeys keys) : ITaskIndex
{
    private static readonly AgentTaskStatus[] TerminalStatuses = [AgentTaskStatus.Succeeded, AgentTaskStatus.Failed, AgentTaskStatus.Cancelled];

    public async Task ForgetUnfinishedAsync(TaskId id)
    {
        var db = await redis.GetDatabaseAsync();
        await db.SortedSetRemoveAsync(keys.Unfinished, id.ToString());
    }

    public async Task<IReadOnlyList<TaskId>> ListUnfinishedAsync(DateTimeOffset createdBefore, int skip, int max)
    {
        var db = await redis.GetDatabaseAsync();
        var members = await db.SortedSetRangeByScoreAsync(
            keys.Unfinished, double.NegativeInfinity, createdBefore.ToUnixTimeMilliseconds(), Exclude.Stop, Order.Ascending, skip, max);
        return Parse(members);
    }

    public async Task<IReadOnlyList<TaskId>> ListAsync(TaskIndexQuery query)
    {
        var key = (query.Agent, query.Active, query.Status) switch
        {
            (null, true, _) => keys.Active,
            ({ } agent, true, _) => keys.ActiveByAgent(agent),
            (null, false, { } status) => keys.ByStatus(status),
            ({ } agent, false, { } status) => keys.ByAgentAndStatus(agent, status),
            ({ } agent, false, null) => keys.ByAgent(agent),
            (null, false, null) => keys.All,
        };
        // Exclusive upper bound: the cursor, or the first id of the millisecond created_before names.
        var upper = query.Before?.ToString() ?? (query.CreatedBefore is { } before ? IdPrefix(before) : null);
        // Inclusive lower bound: the first id of the millisecond after created_after.
        var lower = query.CreatedAfter is { } after ? IdPrefix(after.AddMilliseconds(1)) : null;
        var db = await redis.GetDatabaseAsync();
        var members = await db.SortedSetRangeByValueAsync(
            key,
            min: lower is null ? RedisValue.Null : lower,
            max: upper is null ? RedisValue.Null : upper,
            exclude: upper is null ? Exclude.None : Exclude.Stop,
            order: Order.Descending,
            skip: 0,
            take: query.Limit);
        return Parse(members);
    }

    public async Task<IReadOnlyList<TaskCount>> CountAsync()
    {
        var db = await redis.GetDatabaseAsync();
        var agents = (await db.SetMembersAsync(keys.Agents)).Select(a => a.ToString()).Order(StringComparer.Ordinal).ToList();
        var counts = new List<TaskCount>();
        foreach (var agent in agents)
        {
            var batch = db.CreateBatch();
            var active = batch.SortedSetLengthAsync(keys.ActiveByAgent(agent));
            var terminal = TerminalStatuses.Select(status => batch.SortedSetLengthAsync(keys.ByAgentAndStatus(agent, status))).ToArray();
            batch.Execute();
            counts.Add(new TaskCount(agent, "active", await active));
            for (var i = 0; i < TerminalStatuses.Length; i++)
            {
                counts.Add(new TaskCount(agent, TerminalStatuses[i].ToWireName(), await terminal[i]));
            }
        }
        return counts;
    }

    public async Task TrimAsync(DateTimeOffset createdBefore)
    {
        var db = await redis.GetDatabaseAsync();
        var agents = (await db.SetMembersAsync(keys.Agents)).Select(a => a.ToString()).ToList();
        var sets = new List<RedisKey> { keys.All, keys.Active };
        sets.AddRange(TerminalStatuses.Select(keys.ByStatus));
        foreach (var agent in agents)
        {
            sets.Add(keys.ByAgent(agent));
            sets.Add(keys.ActiveByAgent(agent));
            sets.AddRange(TerminalStatuses.Select(status => keys.ByAgentAndStatus(agent, status)));
        }
        var cutoff = IdPrefix(createdBefore);
        var batch = db.CreateBatch();
        var trims = sets.Select(key => batch.SortedSetRemoveRangeByValueAsync(key, RedisValue.Null, cutoff, Exclude.Stop)).ToArray();
        batch.Execute();
        await Task.WhenAll(trims);
    }

    /// <summary>The text every UUIDv7 id created in that millisecond starts with: 48 bits of Unix milliseconds as "xxxxxxxx-xxxx".</summary>
    internal static string IdPrefix(DateTimeOffset at)
    {
        var hex = Math.Max(0, at.ToUnixTimeMilliseconds()).ToString("x12", CultureInfo.InvariantCulture);
        return $"{hex[..8]}-{hex[8..]}";
    }

    private static List<TaskId> Parse(RedisValue[] members)
    {
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
