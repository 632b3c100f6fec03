using Aaba.Abstractions.Tasks;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Aaba.Grains.Tasks;

/// <summary>
/// Where tasks live in Redis: one string per task, the unfinished set scored by lease expiry, the summaries hash, and
/// the listing sets, which hold ids with score 0 and are read by value (UUIDv7 text sorts by creation time). Shared
/// by the store that writes them and the index that reads them.
/// </summary>
public sealed class TaskKeys(IOptions<ClusterOptions> cluster)
{
    private readonly string _prefix = $"{cluster.Value.ServiceId}/aaba/";

    public RedisKey State(TaskId id) => $"{_prefix}task/{id}";

    /// <summary>Unfinished tasks, scored by lease expiry (Unix ms).</summary>
    public RedisKey Unfinished => _prefix + "tasks/unfinished";

    /// <summary>A hash of task id → the summary a listing shows (JSON).</summary>
    public RedisKey Summaries => _prefix + "tasks/summaries";

    public RedisKey All => _prefix + "tasks/all";

    public RedisKey Active => _prefix + "tasks/active";

    /// <summary>The names of every agent that ever had a task (a plain set), so counts and trims know which sets exist.</summary>
    public RedisKey Agents => _prefix + "tasks/agents";

    public RedisKey ByAgent(string agent) => $"{_prefix}tasks/agent/{agent}";

    public RedisKey ActiveByAgent(string agent) => $"{_prefix}tasks/agent/{agent}/active";

    public RedisKey ByStatus(AgentTaskStatus status) => $"{_prefix}tasks/status/{status.ToWireName()}";

    public RedisKey ByAgentAndStatus(string agent, AgentTaskStatus status) => $"{_prefix}tasks/agent/{agent}/status/{status.ToWireName()}";
}
