using Aaba.Client;
using Aaba.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aaba.IntegrationTests.Client;

/// <summary>
/// One embedded Aaba (its own Garnet, silo and Kestrel) and two .NET clients of it, each in its own generic host as an
/// application would run it: one over HTTP, one an Orleans cluster client that joins the embedded silo through its
/// Redis membership table (the Garnet server's address) and gateway, as the API does in cluster mode.
/// </summary>
public sealed class ClientFixture : IAsyncLifetime
{
    private readonly TestDirectory _data = new("client");
    private IHost? _httpHost;
    private IHost? _clusterHost;

    public AabaApiFactory Api { get; private set; } = null!;

    public ConnectionCutter Cutter { get; } = new();

    /// <summary>The embedded API's address.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public IAabaClient Http => _httpHost!.Services.GetRequiredService<IAabaClient>();

    public IAabaClient Cluster => _clusterHost!.Services.GetRequiredService<IAabaClient>();

    public async ValueTask InitializeAsync()
    {
        Api = AabaApiFactory.Embedded(_data.Path);
        using var api = Api.CreateAabaClient();
        var baseAddress = BaseAddress = api.Http.BaseAddress!;
        var redis = Api.Services.GetRequiredService<IConfiguration>()["Aaba:Redis:ConnectionString"]!;

        _httpHost = await StartHostAsync(services =>
        {
            services.AddAabaClient(options => options.UseHttp(baseAddress));
            services.AddHttpClient(AabaClientServiceCollectionExtensions.HttpClientName).AddHttpMessageHandler(() => new CuttingHandler(Cutter));
        });
        _clusterHost = await StartHostAsync(services => services.AddAabaClient(options =>
        {
            options.UseCluster(redis);
            options.ConfigureClusterClient = client => client.AddOutgoingGrainCallFilter(new ResponseDroppingFilter(Cutter));
        }));
    }

    private static async Task<IHost> StartHostAsync(Action<IServiceCollection> configure)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        configure(builder.Services);
        var host = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await host.StartAsync(timeout.Token);
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in new[] { _clusterHost, _httpHost })
        {
            if (host is not null)
            {
                await host.StopAsync();
                host.Dispose();
            }
        }
        await Api.DisposeAsync();
        _data.Dispose();
    }
}
