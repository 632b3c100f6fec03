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

    /// <summary>
    /// Registers or changes an agent (<see cref="IOrchestratorGrain.RegisterAsync"/>), and says whether the name was
    /// free before (no agent, or a retired one): <c>201 Created</c> over HTTP.
    /// </summary>
    /// <exception cref="InvalidAgentException">The registration is not valid, by field.</exception>
    /// <exception cref="BuiltInAgentException">The name is a built-in agent's.</exception>
    public static async Task<(AgentDescriptor Agent, bool Created)> RegisterAgentAsync(this IGrainFactory factory, AgentRegistration registration)
    {
        var registry = factory.GetOrchestrator();
        // Two calls, not one: two registrations of one name at the same moment may both say "created"; the registry
        // itself stays consistent (its calls run one at a time).
        var existed = (await registry.GetCatalogAsync()).Find(registration.Name) is not null;
        return (await registry.RegisterAsync(registration), !existed);
    }

    /// <summary>Schedule <paramref name="name"/> of <paramref name="tenant"/>.</summary>
    public static IScheduleGrain GetSchedule(this IGrainFactory factory, TenantId tenant, string name) =>
        factory.GetGrain<IScheduleGrain>(new ScheduleKey(tenant, name).ToString());

    /// <summary>Schedule listings, answered by the local silo.</summary>
    public static IScheduleListGrain GetSchedules(this IGrainFactory factory) =>
        factory.GetGrain<IScheduleListGrain>(AabaKeys.Schedules);
}
