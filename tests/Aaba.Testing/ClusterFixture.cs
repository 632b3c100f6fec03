using Aaba.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Aaba.Testing;

/// <summary>
/// A real two-silo cluster in this process with the production storage configuration: Orleans' Redis grain storage
/// and reminders on an embedded Garnet server, and Aaba's grains and watchdog. Membership and transport are the
/// test cluster's own (in memory), which is why HTTP tests use an embedded API instead of a client of this cluster.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private readonly TestDirectory _data = new("cluster");
    private EmbeddedGarnet? _garnet;

    private const short InitialSilos = 2;

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public string RedisConnectionString => _garnet!.ConnectionString;

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>Settings every silo of this cluster gets: short leases, frequent recovery passes and finished tasks that leave memory soon, so tests wait seconds.</summary>
    public static IReadOnlyDictionary<string, string?> TestSiloSettings { get; } = new Dictionary<string, string?>
    {
        ["Aaba:Tasks:LeaseDuration"] = "00:00:02",
        ["Aaba:Tasks:RecoveryInterval"] = "00:00:00.250",
        ["Aaba:Tasks:FinishedInMemory"] = "00:00:03",
    };

    /// <summary>The signing secret every webhook of this cluster uses (a <see cref="WebhookReceiver"/> verifies with it).</summary>
    public const string WebhookSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    /// <summary>Webhooks and page fetches may reach this machine's receivers; retries are quick; a stalled receiver times out in 1 s.</summary>
    public static IReadOnlyDictionary<string, string?> AutomationSettings { get; } = new Dictionary<string, string?>
    {
        ["Aaba:Webhooks:SigningSecret"] = WebhookSecret,
        ["Aaba:Webhooks:RetryDelay"] = "00:00:00.050",
        ["Aaba:Webhooks:Timeout"] = "00:00:01",
        ["Aaba:Outbound:AllowedNetworks:0"] = "127.0.0.1/32",
        ["Aaba:Agents:WatchInterval"] = "00:00:00.250",
    };

    public async ValueTask InitializeAsync()
    {
        _garnet = EmbeddedGarnet.Start(new EmbeddedRedisOptions { DataDir = _data.Path });
        var builder = new InProcessTestClusterBuilder(InitialSilos);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration.AddInMemoryCollection(TestSiloSettings);
            host.Configuration.AddInMemoryCollection(AutomationSettings);
            host.Configuration["Aaba:Redis:ConnectionString"] = RedisConnectionString;
        });
        builder.ConfigureSilo((_, silo) =>
        {
            var counter = new GrainCallCounter();
            silo.Services.AddSingleton(counter);
            silo.AddAabaSilo().AddIncomingGrainCallFilter(counter);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <summary>Calls each silo received on interface <typeparamref name="TGrainInterface"/>.</summary>
    public int CallsTo<TGrainInterface>() =>
        Cluster.GetActiveSilos().Sum(silo => silo.ServiceProvider.GetRequiredService<GrainCallCounter>().CallsTo<TGrainInterface>());

    public async ValueTask DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.StopAllSilosAsync();
            await Cluster.DisposeAsync();
        }
        _garnet?.Dispose();
        _data.Dispose();
        GC.SuppressFinalize(this);
    }
}
