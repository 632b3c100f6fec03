using System.Net;
using Aaba.Abstractions;
using Aaba.Grains;
using Aaba.Grains.Schedules;
using Aaba.Grains.Storage;
using Aaba.Grains.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Clustering.Redis;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace Aaba.Hosting;

/// <summary>The one silo configuration, shared by the silo executable, the embedded API and the tests.</summary>
public static class AabaSiloBuilderExtensions
{
    /// <summary>
    /// A production silo: Redis clustering, <see cref="AddAabaSilo"/> and the endpoints from configuration.
    /// The silo executable and the embedded API both start exactly this.
    /// </summary>
    public static ISiloBuilder AddAabaSiloHost(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.UseRedisClustering(_ => { });
        silo.Services.AddOptions<RedisClusteringOptions>().UseAabaRedis((options, redis) => options.ConfigurationOptions = redis);
        silo.Configure<ClusterMembershipOptions>(options =>
        {
            // Declare a dead silo after ~6 s of missed probes (defaults: ~15-30 s), so the recovery sweep moves its
            // tasks to a survivor promptly; 2 s probes still ride out GC pauses and a loaded 2-core machine.
            options.ProbeTimeout = TimeSpan.FromSeconds(2);
            options.NumMissedProbesLimit = 3;
        });
        // Every Aaba grain call is short (agent runs are not awaited calls), so a call to a silo that just died
        // should fail long before the 30 s default.
        silo.Configure<SiloMessagingOptions>(options => options.ResponseTimeout = AabaTimeouts.GrainCall);
        if (AabaDashboard.IsEnabled(configuration))
        {
            silo.AddDashboard(options => options.CounterUpdateIntervalMs = AabaDashboard.SampleIntervalMs);
        }
        return silo.AddAabaSilo().UseAabaEndpoints(configuration);
    }

    /// <summary>
    /// Grain storage on Redis for idempotency keys, pointed at <c>Aaba:Redis:ConnectionString</c> (read when the silo
    /// starts, so the embedded host can fill it in after starting Garnet), plus Aaba's grains. Membership and endpoints
    /// are left to <see cref="AddAabaSiloHost"/>, so the in-process test cluster can bring its own.
    /// </summary>
    public static ISiloBuilder AddAabaSilo(this ISiloBuilder silo)
    {
        silo.AddRedisGrainStorage(AabaStorage.Idempotency, storage => storage.UseAabaRedis((options, redis) =>
        {
            options.ConfigurationOptions = redis;
            options.GrainStorageSerializer = new JsonGrainStorageSerializer();
            options.EntryExpiry = AabaStorage.IdempotencyKeyLifetime;
        }));

        // Reminders (the durable backstop of schedules) in the same Redis. Orleans refuses periods under a minute unless
        // told otherwise: a shorter backstop (tests) lowers that floor to it.
        silo.UseRedisReminderService(_ => { });
        silo.Services.AddOptions<RedisReminderTableOptions>().UseAabaRedis((options, redis) => options.ConfigurationOptions = redis);
        silo.Services.AddOptions<ReminderOptions>().Configure<IOptions<ScheduleOptions>>((reminders, schedules) =>
        {
            if (schedules.Value.BackstopPeriod < reminders.MinimumReminderPeriod)
            {
                reminders.MinimumReminderPeriod = schedules.Value.BackstopPeriod;
            }
        });

        // Grain calls carry the caller's trace.
        silo.AddActivityPropagation();
        silo.AddIncomingGrainCallFilter<TaskSpanTagFilter>();
        silo.AddOutgoingGrainCallFilter<RejectedCallRetryFilter>();
        silo.Services.AddAabaGrains();
        return silo;
    }

    /// <summary>Silo and gateway ports, advertised address and cluster identity from <c>Aaba:Silo</c> (see <see cref="SiloEndpointOptions.Read"/>).</summary>
    private static ISiloBuilder UseAabaEndpoints(this ISiloBuilder silo, IConfiguration configuration)
    {
        var endpoint = SiloEndpointOptions.Read(configuration);
        var address = string.IsNullOrWhiteSpace(endpoint.AdvertisedIp) ? IPAddress.Loopback : IPAddress.Parse(endpoint.AdvertisedIp);
        var free = FreePort.PickMany(2);
        silo.ConfigureEndpoints(
            address,
            endpoint.SiloPort == 0 ? free[0] : endpoint.SiloPort,
            endpoint.GatewayPort == 0 ? free[1] : endpoint.GatewayPort,
            listenOnAnyHostAddress: address != IPAddress.Loopback);
        silo.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = endpoint.ClusterId;
            options.ServiceId = endpoint.ServiceId;
        });
        return silo;
    }
}
