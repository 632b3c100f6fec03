using System.Globalization;
using Aaba.Abstractions.Tasks;
using Aaba.Grains.Storage;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Aaba.Grains.Tasks;

/// <summary>
/// Redis sorted sets. The unfinished set is scored by creation time (the sweep reads the oldest first). The listing
/// sets hold ids with score 0 and are read by value: task ids are UUIDv7, whose text sorts by creation time, so a
/// reverse lexical range is "newest first", the last id of a page is its cursor, and a time bound is an id prefix.
/// </summary>
public sealed class RedisTaskIndex(AabaRedis redis, IOptions<ClusterOptions> cluster) : ITaskIndex
{
    private static readonly AgentTaskStatus[] TerminalStatuses = [AgentTaskStatus.Succeeded, AgentTaskStatus.Failed, AgentTaskStatus.Cancelled];
    private readonly string _prefix = $"{cluster.Value.ServiceId}/aaba/tasks/";

    private RedisKey Unfinished => _prefix + "unfinished";
    private RedisKey All => _prefix + "all";
    private RedisKey Active => _prefix + "active";
    private RedisKey Agents => _prefix + "agents";
    private RedisKey ByAgent(string agent) => $"{_prefix}agent/{agent}";
    private RedisKey ActiveByAgent(string agent) => $"{_prefix}agent/{agent}/active";
    private RedisKey ByStatus(AgentTaskStatus status) => $"{_prefix}status/{status.ToWireName()}";
    private RedisKey ByAgentAndStatus(string agent, AgentTaskStatus status) => $"{_prefix}agent/{agent}/status/{status.ToWireName()}";

    public async Task AddAsync(TaskId id, string agent, DateTimeOffset createdAt)
    {
        var db = await redis.GetDatabaseAsync();
        RedisValue member = id.ToString();
        var batch = db.CreateBatch();
        Task[] writes =
        [
            batch.SortedSetAddAsync(Unfinished, member, createdAt.ToUnixTimeMilliseconds()),
            batch.SortedSetAddAsync(All, member, 0),
            batch.SortedSetAddAsync(Active, member, 0),
            batch.SortedSetAddAsync(ByAgent(agent), member, 0),
            batch.SortedSetAddAsync(ActiveByAgent(agent), member, 0),
            batch.SetAddAsync(Agents, agent),
        ];
        batch.Execute();
        await Task.WhenAll(writes);
    }

    public async Task FinishAsync(TaskId id, string agent, AgentTaskStatus status)
    {
        var db = await redis.GetDatabaseAsync();
        RedisValue member = id.ToString();
        var batch = db.CreateBatch();
        Task[] writes =
        [
            batch.SortedSetRemoveAsync(Unfinished, member),
            batch.SortedSetRemoveAsync(Active, member),
            batch.SortedSetRemoveAsync(ActiveByAgent(agent), member),
            batch.SortedSetAddAsync(ByStatus(status), member, 0),
            batch.SortedSetAddAsync(ByAgentAndStatus(agent, status), member, 0),
        ];
        batch.Execute();
        await Task.WhenAll(writes);
    }

    public async Task ForgetUnfinishedAsync(TaskId id)
    {
        var db = await redis.GetDatabaseAsync();
        await db.SortedSetRemoveAsync(Unfinished, id.ToString());
    }

    public async Task<IReadOnlyList<TaskId>> ListUnfinishedAsync(DateTimeOffset createdBefore, int skip, int max)
    {
        var db = await redis.GetDatabaseAsync();
        var members = await db.SortedSetRangeByScoreAsync(
            Unfinished, double.NegativeInfinity, createdBefore.ToUnixTimeMilliseconds(), Exclude.Stop, Order.Ascending, skip, max);
        return Parse(members);
    }

    public async Task<IReadOnlyList<TaskId>> ListAsync(TaskIndexQuery query)
    {
        var key = (query.Agent, query.Active, query.Status) switch
        {
            (null, true, _) => Active,
            ({ } agent, true, _) => ActiveByAgent(agent),
            (null, false, { } status) => ByStatus(status),
            ({ } agent, false, { } status) => ByAgentAndStatus(agent, status),
            ({ } agent, false, null) => ByAgent(agent),
            (null, false, null) => All,
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
        var agents = (await db.SetMembersAsync(Agents)).Select(a => a.ToString()).Order(StringComparer.Ordinal).ToList();
        var counts = new List<TaskCount>();
        foreach (var agent in agents)
        {
            var batch = db.CreateBatch();
            var active = batch.SortedSetLengthAsync(ActiveByAgent(agent));
            var terminal = TerminalStatuses.Select(status => batch.SortedSetLengthAsync(ByAgentAndStatus(agent, status))).ToArray();
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
        var agents = (await db.SetMembersAsync(Agents)).Select(a => a.ToString()).ToList();
        var keys = new List<RedisKey> { All, Active };
        keys.AddRange(TerminalStatuses.Select(ByStatus));
        foreach (var agent in agents)
        {
            keys.Add(ByAgent(agent));
            keys.Add(ActiveByAgent(agent));
            keys.AddRange(TerminalStatuses.Select(status => ByAgentAndStatus(agent, status)));
        }
        var cutoff = IdPrefix(createdBefore);
        var batch = db.CreateBatch();
        var trims = keys.Select(key => batch.SortedSetRemoveRangeByValueAsync(key, RedisValue.Null, cutoff, Exclude.Stop)).ToArray();
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
