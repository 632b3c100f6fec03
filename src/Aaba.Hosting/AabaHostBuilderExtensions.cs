using Aaba.Client.Cluster;
using Aaba.Grains.Security;
using Aaba.Grains.Storage;
using Aaba.Grains.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace Aaba.Hosting;

/// <summary>How a front end reaches the cluster: as its own embedded silo, or as a client of a Redis-backed cluster.</summary>
public static class AabaHostBuilderExtensions
{
    /// <summary>The longest a clean stop may take before the host gives up waiting (the tasks it still held are recovered by lease).</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// With <c>Aaba:Redis:ConnectionString</c> set, joins that cluster as an Orleans client (cluster mode).
    /// Without it, starts an in-process Garnet server on the data folder and hosts a silo on it (embedded mode).
    /// Both modes use the same Redis providers; only where Redis lives changes.
    /// </summary>
    public static IHostApplicationBuilder AddAabaCluster(this IHostApplicationBuilder builder)
    {
        builder.Configuration.AddAabaEnvironmentVariables();
        var embedded = string.IsNullOrWhiteSpace(builder.Configuration[$"{RedisConnectionOptions.Section}:{nameof(RedisConnectionOptions.ConnectionString)}"]);
        if (embedded)
        {
            builder.AddEmbeddedSilo();
        }
        else
        {
            builder.AddClusterClient();
        }
        builder.Services.AddSingleton(new AabaDeployment(embedded));
        builder.Services.AddOptions<RedisConnectionOptions>().BindConfiguration(RedisConnectionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // A clean stop hands running tasks back and closes event streams within seconds; this bounds the rest.
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = ShutdownTimeout);
        return builder;
    }

    private static void AddEmbeddedSilo(this IHostApplicationBuilder builder)
    {
        var embedded = builder.Configuration.GetSection(EmbeddedRedisOptions.Section).Get<EmbeddedRedisOptions>() ?? new EmbeddedRedisOptions();
        // Started here, not in a hosted service: the silo's providers need Redis the moment the silo starts. So Garnet
        // logs through a console factory of its own: its warnings and errors (a torn file, a failed recovery or
        // checkpoint), not the hundred lines of setup it writes at Information on every start (its categories share
        // no prefix to filter them by). ArgParser warns that this factory replaces Garnet's own logging options.
        var garnetLogging = LoggerFactory.Create(logging => logging.AddConsole().SetMinimumLevel(LogLevel.Warning).AddFilter("ArgParser", LogLevel.Error));
        var garnet = EmbeddedGarnet.Start(embedded, garnetLogging);
        builder.Services.AddSingleton(garnet);
        builder.Services.AddSingleton<IWriteDurability>(new GarnetWriteDurability(garnet, embedded.WaitForCommit));
        builder.Services.AddHostedService<EmbeddedGarnetShutdown>();
        builder.Configuration[$"{RedisConnectionOptions.Section}:{nameof(RedisConnectionOptions.ConnectionString)}"] = garnet.ConnectionString;
        // Embedded silos need no fixed ports unless configured: two instances can run side by side.
        builder.Configuration[$"{SiloEndpointOptions.Section}:{nameof(SiloEndpointOptions.SiloPort)}"] ??= "0";
        builder.Configuration[$"{SiloEndpointOptions.Section}:{nameof(SiloEndpointOptions.GatewayPort)}"] ??= "0";
        // The one silo of its storage: leases it finds at start, and silos listed in membership, are its dead predecessor's.
        builder.Configuration[$"{TaskOptions.Section}:{nameof(TaskOptions.SoleSilo)}"] = "true";
        builder.UseOrleans(silo =>
        {
            silo.AddAabaSiloHost(builder.Configuration);
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, StaleMembershipCleaner>();
            // The only silo holds every directory entry itself, so caching them saves no call. Orleans' grain locator
            // keeps a cache of CacheSize entries whatever the strategy, and its size gauge walks every entry (each lives
            // up to 4 minutes) each second the dashboard's metric reader runs: at the default million, every task of the
            // last 4 minutes.
            silo.Configure<GrainDirectoryOptions>(options =>
            {
                options.CachingStrategy = GrainDirectoryOptions.CachingStrategyType.None;
                options.CacheSize = 1000;
            });
        });
    }

    private static void AddClusterClient(this IHostApplicationBuilder builder)
    {
        var endpoint = SiloEndpointOptions.Read(builder.Configuration);
        builder.UseOrleansClient(client =>
        {
            client.UseAabaCluster(endpoint.ClusterId, endpoint.ServiceId, services => services.GetRequiredService<IOptions<RedisConnectionOptions>>().Value.ToConfigurationOptions());
            if (AabaDashboard.IsEnabled(builder.Configuration))
            {
                client.AddDashboard();
            }
        });
        // The silos' key ring, so the console's sign-in cookie from one API process is valid at every other.
        builder.Services.AddAabaDataProtection();
    }
}
