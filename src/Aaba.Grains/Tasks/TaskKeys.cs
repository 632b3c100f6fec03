using Aaba.Abstractions.Security;
using Aaba.Abstractions.Tasks;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Aaba.Grains.Tasks;

/// <summary>
/// Where tasks live in Redis: one string per task, the unfinished set scored by lease expiry, the summaries hash, and
/// the listing sets, which hold ids with score 0 and are read by value (UUIDv7 text sorts by creation time). Shared
/// by the store that writes them and the index that reads them.
/// <list type="bullet">
/// <item>Global (keyed by task id, which no two tenants share): the records, the unfinished set (recovery), the summaries.</item>
/// <item>Per tenant: every listing set and the agent set, so a listing or a count reads only its tenant's tasks.
/// The default tenant's sets keep the names they had before tenants, so stored data needs no migration; another
/// tenant's live under <c>tenant/{name}/</c> (tenant names have no '/').</item>
/// </list>
/// </summary>
public sealed class TaskKeys(IOptions<ClusterOptions> cluster)
{
    private readonly string _prefix = $"{cluster.Value.ServiceId}/aaba/";

    public RedisKey State(TaskId id) => $"{_prefix}task/{id}";

    /// <summary>Unfinished tasks of every tenant, scored by lease expiry (Unix ms).</summary>
    public RedisKey Unfinished => _prefix + "tasks/unfinished";

    /// <summary>A hash of task id → the summary a listing shows (JSON).</summary>
    public RedisKey Summaries => _prefix + "tasks/summaries";

    /// <summary>The names of the tenants other than the default that ever had a task, so trims know which sets exist.</summary>
    public RedisKey Tenants => _prefix + "tenants";

    public RedisKey All(TenantId tenant) => Scoped(tenant, "tasks/all");

    /// <summary>Queued and running tasks: its size is the tenant's tasks in flight.</summary>
    public RedisKey Active(TenantId tenant) => Scoped(tenant, "tasks/active");

    /// <summary>The names of every agent that ever had a task of the tenant (a plain set), so counts and trims know which sets exist.</summary>
    public RedisKey Agents(TenantId tenant) => Scoped(tenant, "tasks/agents");

    public RedisKey ByAgent(TenantId tenant, string agent) => Scoped(tenant, $"tasks/agent/{agent}");

    public RedisKey ActiveByAgent(TenantId tenant, string agent) => Scoped(tenant, $"tasks/agent/{agent}/active");

    public RedisKey ByStatus(TenantId tenant, AgentTaskStatus status) => Scoped(tenant, $"tasks/status/{status.ToWireName()}");

    public RedisKey ByAgentAndStatus(TenantId tenant, string agent, AgentTaskStatus status) =>
        Scoped(tenant, $"tasks/agent/{agent}/status/{status.ToWireName()}");

    private RedisKey Scoped(TenantId tenant, string rest) => tenant.IsDefault ? _prefix + rest : $"{_prefix}tenant/{tenant.Name}/{rest}";
}
