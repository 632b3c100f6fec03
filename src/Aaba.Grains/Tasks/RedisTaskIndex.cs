using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Aaba.Abstractions.Security;
using Aaba.Abstractions.Tasks;
using Aaba.Grains.Storage;
using StackExchange.Redis;

namespace Aaba.Grains.Tasks;

/// <summary>
/// Reads the task index (see <see cref="TaskKeys"/>); <see cref="RedisTaskStore"/> writes it, in the same scripts as
/// the task records. A reverse lexical range over a listing set is "newest first", the last id of a page is its
/// cursor, and a time bound is an id prefix. A page is one range read plus one read of its summaries.
/// </summary>
public sealed class RedisTaskIndex(AabaRedis redis, TaskKeys keys) : ITaskIndex
{
    /// <summary>Queued and running tasks share the active sets; a page filtered to one of them reads a few ranges at most.</summary>
    private const int MaxActiveScanRounds = 10;
    private const int TrimBatch = 1000;
    private static readonly AgentTaskStatus[] TerminalStatuses = [AgentTaskStatus.Succeeded, AgentTaskStatus.Failed, AgentTaskStatus.Cancelled];

    public async Task<TaskPage> ListAsync(TaskQuery query)
    {
        var active = query.Status is AgentTaskStatus.Queued or AgentTaskStatus.Running;
        var tenant = query.Tenant;
        var key = (query.Agent, active, query.Status) switch
        {
            (null, true, _) => keys.Active(tenant),
            ({ } agent, true, _) => keys.ActiveByAgent(tenant, agent),
            (null, false, { } status) => keys.ByStatus(tenant, status),
            ({ } agent, false, { } status) => keys.ByAgentAndStatus(tenant, agent, status),
            ({ } agent, false, null) => keys.ByAgent(tenant, agent),
            (null, false, null) => keys.All(tenant),
        };
        // Inclusive lower bound: the first id of the millisecond after created_after.
        RedisValue lower = query.CreatedAfter is { } after ? IdPrefix(after.AddMilliseconds(1)) : RedisValue.Null;
        var db = await redis.GetDatabaseAsync();
        var items = ImmutableArray.CreateBuilder<TaskSummary>(query.Limit);
        // Exclusive upper bound: the cursor, or the first id of the millisecond created_before names.
        var last = query.Cursor?.ToString() ?? (query.CreatedBefore is { } before ? IdPrefix(before) : null);
        var exhausted = false;
        for (var round = 0; round < MaxActiveScanRounds && items.Count < query.Limit && !exhausted; round++)
        {
            var wanted = query.Limit - items.Count;
            var ids = await db.SortedSetRangeByValueAsync(key, lower, last is null ? RedisValue.Null : last,
                last is null ? Exclude.None : Exclude.Stop, Order.Descending, 0, wanted);
            exhausted = ids.Length < wanted;
            if (ids.Length == 0)
            {
                break;
            }
            var summaries = await db.HashGetAsync(keys.Summaries, ids);
            foreach (var summary in summaries)
            {
                // Missing: the task expired between the two reads. Active sets hold queued and running tasks alike.
                if (!summary.IsNull && JsonSerializer.Deserialize<TaskSummary>((ReadOnlySpan<byte>)(byte[])summary!, AabaJson.Options) is { } found &&
                    (query.Status is null || found.Status == query.Status))
                {
                    items.Add(found);
                }
            }
            last = ids[^1].ToString();
            if (!active)
            {
                // The other indexes are exact: one read fills the page.
                break;
            }
        }
        // A page may come back short (tasks filtered out or expired) while older ones remain: it keeps its cursor.
        var next = exhausted || last is null || !TaskId.TryParse(last, out var cursor) ? (TaskId?)null : cursor;
        return new TaskPage(items.ToImmutable(), next);
    }

    public async Task<TaskCounts> CountAsync(TenantId tenant)
    {
        var db = await redis.GetDatabaseAsync();
        var agents = (await db.SetMembersAsync(keys.Agents(tenant))).Select(a => a.ToString()).ToList();
        var batch = db.CreateBatch();
        var counts = agents.Select(agent => (
            Agent: agent,
            Active: batch.SortedSetLengthAsync(keys.ActiveByAgent(tenant, agent)),
            Terminal: TerminalStatuses.Select(status => batch.SortedSetLengthAsync(keys.ByAgentAndStatus(tenant, agent, status))).ToArray())).ToList();
        batch.Execute();
        var byAgent = ImmutableSortedDictionary.CreateBuilder<string, ImmutableSortedDictionary<string, long>>(StringComparer.Ordinal);
        foreach (var (agent, activeCount, terminal) in counts)
        {
            var perStatus = ImmutableSortedDictionary.CreateBuilder<string, long>(StringComparer.Ordinal);
            perStatus["active"] = await activeCount;
            for (var i = 0; i < TerminalStatuses.Length; i++)
            {
                perStatus[TerminalStatuses[i].ToWireName()] = await terminal[i];
            }
            byAgent[agent] = perStatus.ToImmutable();
        }
        return new TaskCounts(byAgent.ToImmutable());
    }

    /// <summary>
    /// One ZLEXCOUNT per agent, terminal status and minute, all in one batch: a minute of ids is the lexical range from
    /// its first millisecond's prefix (inclusive) to the next minute's (exclusive), so the cost is logarithmic in the
    /// set sizes whatever the throughput, and no summary is read.
    /// </summary>
    public async Task<TaskActivity> ActivityAsync(TenantId tenant, DateTimeOffset from, int minutes)
    {
        var db = await redis.GetDatabaseAsync();
        var agents = (await db.SetMembersAsync(keys.Agents(tenant))).Select(a => a.ToString()).Order(StringComparer.Ordinal).ToList();
        var bounds = Enumerable.Range(0, minutes + 1).Select(i => (RedisValue)IdPrefix(from.AddMinutes(i))).ToArray();
        var batch = db.CreateBatch();
        var counts = agents.Select(agent => (
            Agent: agent,
            PerStatus: TerminalStatuses.Select(status => Enumerable.Range(0, minutes)
                .Select(i => batch.SortedSetLengthByValueAsync(keys.ByAgentAndStatus(tenant, agent, status), bounds[i], bounds[i + 1], Exclude.Stop))
                .ToArray()).ToArray())).ToList();
        batch.Execute();
        var byAgent = ImmutableSortedDictionary.CreateBuilder<string, AgentActivity>(StringComparer.Ordinal);
        foreach (var (agent, perStatus) in counts)
        {
            var series = new ImmutableArray<long>[perStatus.Length];
            for (var s = 0; s < perStatus.Length; s++)
            {
                series[s] = [.. await Task.WhenAll(perStatus[s])];
            }
            // Agents idle over the whole window are left out: the answer stays small however many agents ever ran.
            if (series.Any(counted => counted.Any(n => n > 0)))
            {
                byAgent[agent] = new AgentActivity(series[0], series[1], series[2]);
            }
        }
        return new TaskActivity(from, minutes, byAgent.ToImmutable());
    }

    /// <summary>
    /// Index entries of tasks whose records have expired. Only tasks created before <paramref name="createdBefore"/>
    /// (the retention) can have expired, and only finished ones do, each at its own time: every candidate's record is
    /// checked, and its summary says which sets to leave. Every tenant's sets are trimmed in turn.
    /// </summary>
    public async Task TrimAsync(DateTimeOffset createdBefore)
    {
        var db = await redis.GetDatabaseAsync();
        List<TenantId> tenants = [TenantId.Default];
        foreach (var name in await db.SetMembersAsync(keys.Tenants))
        {
            if (TenantId.TryParse(name.ToString(), out var tenant))
            {
                tenants.Add(tenant);
            }
        }
        foreach (var tenant in tenants)
        {
            await TrimAsync(db, tenant, createdBefore);
        }
    }

    private async Task TrimAsync(IDatabase db, TenantId tenant, DateTimeOffset createdBefore)
    {
        RedisValue after = "-";
        RedisValue before = "(" + IdPrefix(createdBefore);
        while (true)
        {
            var ids = await db.ExecuteAsync("ZRANGEBYLEX", keys.All(tenant), after, before, "LIMIT", 0, TrimBatch);
            var candidates = ((RedisValue[]?)ids ?? []).Where(id => TaskId.TryParse(id.ToString(), out _)).ToArray();
            if (candidates.Length == 0)
            {
                return;
            }
            var check = db.CreateBatch();
            var exists = candidates.Select(id => check.KeyExistsAsync(keys.State(TaskId.Parse(id.ToString())))).ToArray();
            check.Execute();
            var gone = new List<RedisValue>();
            for (var i = 0; i < candidates.Length; i++)
            {
                if (!await exists[i])
                {
                    gone.Add(candidates[i]);
                }
            }
            if (gone.Count > 0)
            {
                await ForgetAsync(db, tenant, [.. gone]);
            }
            after = "(" + candidates[^1];
        }
    }

    private async Task ForgetAsync(IDatabase db, TenantId tenant, RedisValue[] ids)
    {
        var summaries = await db.HashGetAsync(keys.Summaries, ids);
        var agents = (await db.SetMembersAsync(keys.Agents(tenant))).Select(a => a.ToString()).ToList();
        var batch = db.CreateBatch();
        var removals = new List<Task>();
        for (var i = 0; i < ids.Length; i++)
        {
            var summary = summaries[i].IsNull ? null : JsonSerializer.Deserialize<TaskSummary>((ReadOnlySpan<byte>)(byte[])summaries[i]!, AabaJson.Options);
            // Without its summary the task's agent is unknown: it leaves every agent's sets.
            foreach (var set in SetsOf(tenant, summary, agents))
            {
                removals.Add(batch.SortedSetRemoveAsync(set, ids[i]));
            }
        }
        removals.Add(batch.HashDeleteAsync(keys.Summaries, ids));
        batch.Execute();
        await Task.WhenAll(removals);
    }

    private IEnumerable<RedisKey> SetsOf(TenantId tenant, TaskSummary? summary, IReadOnlyList<string> agents)
    {
        yield return keys.All(tenant);
        yield return keys.Active(tenant);
        foreach (var status in TerminalStatuses)
        {
            yield return keys.ByStatus(tenant, status);
        }
        foreach (var agent in summary is null ? agents : [summary.Agent])
        {
            yield return keys.ByAgent(tenant, agent);
            yield return keys.ActiveByAgent(tenant, agent);
            foreach (var status in TerminalStatuses)
            {
                yield return keys.ByAgentAndStatus(tenant, agent, status);
            }
        }
    }

    public async Task<TimeSpan> PingAsync()
    {
        var db = await redis.GetDatabaseAsync();
        return await db.PingAsync();
    }

    /// <summary>The text every UUIDv7 id created in that millisecond starts with: 48 bits of Unix milliseconds as "xxxxxxxx-xxxx".</summary>
    internal static string IdPrefix(DateTimeOffset at)
    {
        var hex = Math.Clamp(at.ToUnixTimeMilliseconds(), 0, (1L << 48) - 1).ToString("x12", CultureInfo.InvariantCulture);
        return $"{hex[..8]}-{hex[8..]}";
    }
}
