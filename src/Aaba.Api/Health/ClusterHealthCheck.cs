using Aaba.Abstractions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aaba.Api.Health;

/// <summary>Ready when a grain call round-trips through the cluster (the registry answers).</summary>
internal sealed class ClusterHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await grains.GetOrchestrator().GetCatalogAsync().WaitAsync(HealthTimeouts.Probe, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is TimeoutException or OrleansException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("The cluster did not answer.", exception);
        }
    }
}
