using Aaba.Grains.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Aaba.Api.Health;

/// <summary>Ready when Redis (or the embedded Garnet) answers a PING.</summary>
internal sealed class StorageHealthCheck(AabaRedis redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var db = await redis.GetDatabaseAsync().WaitAsync(HealthTimeouts.Probe, cancellationToken);
            var latency = await db.PingAsync().WaitAsync(HealthTimeouts.Probe, cancellationToken);
            return HealthCheckResult.Healthy($"PING {latency.TotalMilliseconds:0.0} ms");
        }
        catch (Exception exception) when (exception is TimeoutException or RedisException)
        {
            return HealthCheckResult.Unhealthy("Redis did not answer.", exception);
        }
    }
}
