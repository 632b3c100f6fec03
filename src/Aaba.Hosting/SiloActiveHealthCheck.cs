using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aaba.Hosting;

/// <summary>A silo process is ready once its silo has joined the cluster and takes calls (and until it starts to leave).</summary>
internal sealed class SiloActiveHealthCheck(ISiloStatusOracle silo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(silo.CurrentStatus == SiloStatus.Active
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"The silo is {silo.CurrentStatus}."));
}
