using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aaba.AppHost;

/// <summary>Adds Redis as docker-compose.yml and scripts/cluster.sh run it: append-only file on, nothing ever evicted.</summary>
internal static class AabaRedisExtensions
{
    /// <summary>The flags both forms run with (the silos refuse a Redis that may evict; a 202 needs the append-only file).</summary>
    public static readonly string[] DurabilityFlags = ["--appendonly", "yes", "--appendfsync", "everysec", "--maxmemory-policy", "noeviction"];

    /// <summary>
    /// <c>Aaba:AppHost:Redis</c> chooses: <c>executable</c> (Debian's redis-server on PATH), <c>container</c>
    /// (image <c>redis:7-alpine</c>), or <c>auto</c> (the default): a container when a container engine answers,
    /// else the executable.
    /// </summary>
    public static async Task<AabaRedis> AddAabaRedisAsync(this IDistributedApplicationBuilder builder, string name)
    {
        var mode = builder.Configuration["Aaba:AppHost:Redis"] is { Length: > 0 } configured ? configured : "auto";
        var asContainer = mode switch
        {
            "container" => true,
            "executable" => false,
            "auto" => await ContainerEngine.IsRunningAsync(builder.Configuration),
            _ => throw new InvalidOperationException($"Aaba:AppHost:Redis is '{mode}'; use auto, executable or container."),
        };
        var redis = asContainer ? builder.AddRedisContainer(name) : builder.AddRedisExecutable(name);
        var endpoint = redis.GetEndpoint(AabaRedis.EndpointName);
        // Running is not ready: the silos start once Redis answers PING.
        var check = $"{name}-ping";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(check, _ => new RedisPingHealthCheck(endpoint), failureStatus: null, tags: null));
        redis.WithHealthCheck(check);
        return new AabaRedis(redis, endpoint);
    }

    private static IResourceBuilder<IResourceWithEndpoints> AddRedisExecutable(this IDistributedApplicationBuilder builder, string name)
    {
        var server = ExecutablePath.Find("redis-server") ?? throw new InvalidOperationException(
            "redis-server is not on PATH and no container engine answers. Install it (apt-get install redis-server) or start Docker/Podman.");
        var dataDir = builder.Configuration["Aaba:AppHost:RedisDataDir"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "..", ".run", "apphost", "redis"));
        Directory.CreateDirectory(dataDir);
        var redis = builder.AddExecutable(name, server, dataDir)
            .WithEndpoint(name: AabaRedis.EndpointName, scheme: "tcp");
        var endpoint = redis.GetEndpoint(AabaRedis.EndpointName);
        return redis.WithArgs(context =>
        {
            context.Args.Add("--port");
            context.Args.Add(endpoint.Property(EndpointProperty.TargetPort));
            context.Args.Add("--bind");
            context.Args.Add("127.0.0.1");
            context.Args.Add("--dir");
            context.Args.Add(dataDir);
            context.Args.Add("--save");
            context.Args.Add("");
            foreach (var flag in DurabilityFlags)
            {
                context.Args.Add(flag);
            }
        });
    }

    private static IResourceBuilder<IResourceWithEndpoints> AddRedisContainer(this IDistributedApplicationBuilder builder, string name) =>
        builder.AddContainer(name, "redis", "7-alpine")
            .WithEndpoint(name: AabaRedis.EndpointName, scheme: "tcp", targetPort: 6379)
            .WithVolume("aaba-redis-data", "/data")
            .WithArgs(["redis-server", .. DurabilityFlags]);
}
