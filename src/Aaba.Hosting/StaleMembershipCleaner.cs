using Aaba.Grains.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Clustering.Redis;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Aaba.Hosting;

/// <summary>
/// Embedded mode only: this process is the one silo its storage ever has (it holds the data folder's lock), so any
/// silo listed in the membership table is a dead predecessor (a kill -9, a crash). Left there, the new silo would spend
/// minutes trying to reach it before it joins; the table is cleared before membership starts instead.
/// </summary>
internal sealed partial class StaleMembershipCleaner(
    IOptions<RedisConnectionOptions> redis,
    IOptions<RedisClusteringOptions> clustering,
    IOptions<ClusterOptions> cluster,
    ILogger<StaleMembershipCleaner> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(StaleMembershipCleaner), ServiceLifecycleStage.RuntimeInitialize, ClearAsync);

    private async Task ClearAsync(CancellationToken cancellationToken)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Value.ToConfigurationOptions());
        var key = clustering.Value.CreateRedisKey(cluster.Value);
        if (await connection.GetDatabase().KeyDeleteAsync(key))
        {
            LogCleared(logger);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cleared the membership of a previous run of this data folder (it did not stop cleanly)")]
    private static partial void LogCleared(ILogger logger);
}
