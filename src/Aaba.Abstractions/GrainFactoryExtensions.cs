using Aaba.Abstractions.Agents;
using Aaba.Abstractions.Tasks;

namespace Aaba.Abstractions;

/// <summary>Typed ways to reach Aaba's grains.</summary>
public static class GrainFactoryExtensions
{
    /// <summary>The grain that owns task <paramref name="id"/>.</summary>
    public static ITaskGrain GetTaskGrain(this IGrainFactory factory, TaskId id) =>
        factory.GetGrain<ITaskGrain>(id.ToString());

    /// <summary>The record of one client-chosen idempotency key.</summary>
    public static IIdempotencyGrain GetIdempotencyGrain(this IGrainFactory factory, string idempotencyKey) =>
        factory.GetGrain<IIdempotencyGrain>(idempotencyKey);

    /// <summary>Task listings and counts, answered by the local silo.</summary>
    public static ITaskQueryGrain GetTaskQueries(this IGrainFactory factory) =>
        factory.GetGrain<ITaskQueryGrain>(AabaKeys.TaskQueries);

    /// <summary>The agent registry.</summary>
    public static IOrchestratorGrain GetOrchestrator(this IGrainFactory factory) =>
        factory.GetGrain<IOrchestratorGrain>(AabaKeys.Orchestrator);
}
