using Aaba.Abstractions.Agents;
using Aaba.Abstractions.Schedules;
using Aaba.Abstractions.Security;
using Aaba.Abstractions.Tasks;

namespace Aaba.Abstractions;

/// <summary>Typed ways to reach Aaba's grains.</summary>
public static class GrainFactoryExtensions
{
    /// <summary>The grain that owns task <paramref name="id"/>.</summary>
    public static ITaskGrain GetTaskGrain(this IGrainFactory factory, TaskId id) =>
        factory.GetGrain<ITaskGrain>(id.ToString());

    /// <summary>
    /// The record of one client-chosen idempotency key of one tenant. The default tenant's keys keep the form they had
    /// before tenants (the key alone); another tenant's are "tenant key": a key is visible ASCII and has no space, so
    /// no two tenants' keys ever meet.
    /// </summary>
    public static IIdempotencyGrain GetIdempotencyGrain(this IGrainFactory factory, TenantId tenant, string idempotencyKey) =>
        factory.GetGrain<IIdempotencyGrain>(tenant.IsDefault ? idempotencyKey : $"{tenant.Name} {idempotencyKey}");

    /// <summary>Task listings and counts, answered by the local silo.</summary>
    public static ITaskQueryGrain GetTaskQueries(this IGrainFactory factory) =>
        factory.GetGrain<ITaskQueryGrain>(AabaKeys.TaskQueries);

    /// <summary>The API keys (hashes only).</summary>
    public static IAccessKeysGrain GetAccessKeys(this IGrainFactory factory) =>
        factory.GetGrain<IAccessKeysGrain>(AabaKeys.AccessKeys);

    /// <summary>The audit trail.</summary>
    public static IAuditGrain GetAuditTrail(this IGrainFactory factory) =>
        factory.GetGrain<IAuditGrain>(AabaKeys.AuditTrail);

    /// <summary>The agents' encrypted secrets.</summary>
    public static IAgentSecretsGrain GetAgentSecrets(this IGrainFactory factory) =>
        factory.GetGrain<IAgentSecretsGrain>(AabaKeys.AgentSecrets);

    /// <summary>The agent registry.</summary>
    public static IOrchestratorGrain GetOrchestrator(this IGrainFactory factory) =>
        factory.GetGrain<IOrchestratorGrain>(AabaKeys.Orchestrator);

    /// <summary>Schedule <paramref name="name"/> of <paramref name="tenant"/>.</summary>
    public static IScheduleGrain GetSchedule(this IGrainFactory factory, TenantId tenant, string name) =>
        factory.GetGrain<IScheduleGrain>(new ScheduleKey(tenant, name).ToString());

    /// <summary>Schedule listings, answered by the local silo.</summary>
    public static IScheduleListGrain GetSchedules(this IGrainFactory factory) =>
        factory.GetGrain<IScheduleListGrain>(AabaKeys.Schedules);
}
