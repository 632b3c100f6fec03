using System.Text.Json;
using Aaba.Abstractions.Agents;
using Aaba.Grains.Storage;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Aaba.Grains.Orchestration;

/// <summary>An agent registered at run time as stored: its latest version, and whether it was retired (kept so a new registration continues its versions).</summary>
public sealed record RegisteredAgent(AgentDescriptor Agent, bool Retired);

/// <summary>
/// The run-time agents in Redis: one hash of name → <see cref="RegisteredAgent"/> (JSON) and the registry's version,
/// changed together by one script, so the version a silo sees always matches the agents it reads.
/// </summary>
public sealed class RegistryStore(AabaRedis redis, IOptions<ClusterOptions> cluster)
{
    private const string WriteScript = """
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        return redis.call('INCR', KEYS[2])
        """;

    private readonly RedisKey _agents = $"{cluster.Value.ServiceId}/aaba/registry/agents";
    private readonly RedisKey _version = $"{cluster.Value.ServiceId}/aaba/registry/version";

    /// <summary>Every registered (and retired) agent, and the registry's version (0: never changed).</summary>
    public async Task<(IReadOnlyList<RegisteredAgent> Agents, long Version)> ReadAsync()
    {
        var db = await redis.GetDatabaseAsync();
        var agents = db.HashGetAllAsync(_agents);
        var version = db.StringGetAsync(_version);
        await Task.WhenAll(agents, version);
        return ([.. (await agents).Select(e => JsonSerializer.Deserialize<RegisteredAgent>((string)e.Value!, AabaJson.Options)!)],
            (long?)await version ?? 0);
    }

    /// <summary>Stores <paramref name="agent"/> and returns the registry's new version.</summary>
    public async Task<long> WriteAsync(RegisteredAgent agent)
    {
        var db = await redis.GetDatabaseAsync();
        var version = await db.ScriptEvaluateAsync(WriteScript, [_agents, _version],
            [agent.Agent.Name, JsonSerializer.Serialize(agent, AabaJson.Options)]);
        return (long)version;
    }
}
