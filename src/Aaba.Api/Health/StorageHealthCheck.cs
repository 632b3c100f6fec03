using Aaba.Abstractions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aaba.Api.Health;

/// <summary>Ready when the task store (Redis, or the embedded Garnet) answers a PING from a silo.</summary>
internal sealed class StorageHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await grains.GetTaskQueries().PingStorageAsync().WaitAsync(HealthTimeouts.Probe, cancellationToken);
            return latency is { } ping
                ? HealthCheckResult.Healthy($"PING {ping.TotalMilliseconds:0.0} ms")
                : HealthCheckResult.Unhealthy("The task store did not answer.");
        }
        catch (Exception exception) when (exception is TimeoutException or OrleansException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("The cluster did not answer.", exception);
        }
    }
}
