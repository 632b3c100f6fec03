using Aaba.Testing;
using StackExchange.Redis;

namespace Aaba.ProcessTests.Cluster;

[Collection(ProcessCollection.Name)]
public sealed class EvictionPolicyTests
{
    [Fact]
    public async Task A_silo_refuses_to_start_on_a_redis_that_may_evict_any_key()
    {
        await using var cluster = await ClusterTopology.StartAsync(silos: 1);
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(cluster.RedisConnectionString + ",allowAdmin=true"))
        {
            await redis.GetServers()[0].ConfigSetAsync("maxmemory-policy", "allkeys-lru");
        }

        var refused = cluster.StartExtraSilo("silo-on-evicting-redis");

        Assert.True(await refused.WaitForExitAsync(TimeSpan.FromSeconds(60)), "The silo kept running on an evicting Redis.\n" + refused.LogTail());
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("maxmemory-policy allkeys-lru", refused.LogTail(200), StringComparison.Ordinal);
    }
}
