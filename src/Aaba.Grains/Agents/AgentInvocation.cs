using Aaba.Abstractions.Security;
using Aaba.Abstractions.Tasks;

namespace Aaba.Grains.Agents;

/// <summary>
/// One attempt at running a task, with the time it may take and the W3C trace parent of the request that submitted
/// it (so the run continues that trace), and the tenant whose budget its model calls spend: sent by the task grain
/// to the agent grain. <c>Agent</c> is the registered agent as the task's silo found it (its settings and version), so a
/// run uses exactly the version its task records.
/// </summary>
[GenerateSerializer, Immutable, Alias("aaba.agent-invocation")]
public sealed record AgentInvocation(
    [property: Id(0)] TaskId TaskId,
    [property: Id(1)] string Agent,
    [property: Id(2)] int Attempt,
    [property: Id(3)] string InputJson,
    [property: Id(4)] TimeSpan Timeout,
    [property: Id(5)] string? TraceParent = null,
    [property: Id(6)] TenantId Tenant = default,
    [property: Id(7)] Abstractions.Agents.AgentDescriptor? Descriptor = null);
