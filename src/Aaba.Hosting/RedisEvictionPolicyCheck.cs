using Aaba.Grains.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aaba.Hosting;

/// <summary>
/// Cluster mode: before the silo joins, asks Redis how it evicts under memory pressure. An <c>allkeys-*</c> policy
/// can delete unfinished tasks and the membership table, so the silo refuses to start (unless
/// <see cref="RedisConnectionOptions.AllowEviction"/>); a <c>volatile-*</c> policy can delete finished tasks and
/// idempotency keys before their time (a replayed request could then run twice), so it warns loudly. A server that
/// does not allow CONFIG (some managed services) is noted and trusted.
/// </summary>
internal sealed partial class RedisEvictionPolicyCheck(
    IOptions<RedisConnectionOptions> redis, ILogger<RedisEvictionPolicyCheck> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(RedisEvictionPolicyCheck), ServiceLifecycleStage.RuntimeInitialize, CheckAsync);

    private async Task CheckAsync(CancellationToken cancellationToken)
    {
        string? policy;
        try
        {
            var options = redis.Value.ToConfigurationOptions();
            // CONFIG GET is an admin command; this connection only reads one setting and closes.
            options.AllowAdmin = true;
            await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
            var server = connection.GetServers().FirstOrDefault(s => s.IsConnected && !s.IsReplica);
            policy = server is null ? null : (await server.ConfigGetAsync("maxmemory-policy")).FirstOrDefault().Value;
        }
        catch (Exception exception) when (exception is RedisException or RedisCommandException or TimeoutException)
        {
            LogUnchecked(logger, exception);
            return;
        }
        switch (policy)
        {
            case null:
                LogUnchecked(logger, null);
                break;
            case var p when p.StartsWith("allkeys-", StringComparison.Ordinal) && !redis.Value.AllowEviction:
                throw new InvalidOperationException(
                    $"Redis evicts any key under memory pressure (maxmemory-policy {p}): unfinished tasks and the cluster's membership could " +
                    "vanish. Set maxmemory-policy noeviction (the compose file and scripts/cluster.sh do), or Aaba:Redis:AllowEviction=true " +
                    "to start anyway.");
            case var p when p.StartsWith("allkeys-", StringComparison.Ordinal):
                LogEvictingAllowed(logger, p);
                break;
            case var p when p.StartsWith("volatile-", StringComparison.Ordinal):
                LogVolatileEviction(logger, p);
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read Redis's maxmemory-policy; make sure it is noeviction, or tasks may be lost under memory pressure")]
    private static partial void LogUnchecked(ILogger logger, Exception? exception);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Redis maxmemory-policy is {Policy} and Aaba:Redis:AllowEviction is set: unfinished tasks may be evicted and lost")]
    private static partial void LogEvictingAllowed(ILogger logger, string policy);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis maxmemory-policy is {Policy}: under memory pressure finished tasks and idempotency keys may be evicted before their retention (a replayed request could run twice); noeviction is safer")]
    private static partial void LogVolatileEviction(ILogger logger, string policy);
}
