using System.Net.Http.Json;
using Aaba.Abstractions.Security;
using Aaba.Client;
using Aaba.Grains.Agents;
using Aaba.Hosting;
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

    /// <summary>The cluster client host's grain factory, for clients of other roles.</summary>
    public IGrainFactory ClusterGrains => _clusterHost!.Services.GetRequiredService<IGrainFactory>();

    /// <summary>The model agents of kind llm talk to.</summary>
    public FakeOpenAiServer OpenAi { get; private set; } = null!;

    /// <summary>Gives agent <paramref name="agent"/> (registered) its own key for the fake model, as an admin does.</summary>
    public async Task SetModelKeyAsync(string agent)
    {
        using var api = Api.CreateAabaClient();
        using var response = await api.Http.PutAsJsonAsync($"/admin/agents/{agent}/secrets/{AgentSecretNames.ModelApiKey}",
            new { value = "test-model-key-not-secret" }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Waits until the embedded silo's copy of the registry shows agent <paramref name="name"/> at <paramref name="version"/> (null: gone), which a run needs.</summary>
    public Task SiloSeesAsync(string name, long? version) =>
        Eventually.UntilAsync(async () => (await Api.Services.GetRequiredService<AgentCatalogCache>().GetAsync()).Find(name)?.Version == version,
            $"the silo to see agent {name} at version {version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}", TimeSpan.FromSeconds(10));

    public async ValueTask InitializeAsync()
    {
        OpenAi = await FakeOpenAiServer.StartAsync();
        // The model's address only: without a server-wide key the lead agent stays offline; an agent registered of kind
        // llm reaches the fake model with its own model_api_key secret.
        Api = new AabaApiFactory(new Dictionary<string, string?>(ClusterFixture.TestSiloSettings)
        {
            ["Aaba:Embedded:DataDir"] = _data.Path,
            ["Aaba:Llm:BaseUrl"] = OpenAi.BaseUrl,
            ["Aaba:Llm:Model"] = "test-model",
            ["Aaba:Llm:RequestTimeout"] = "00:00:05",
            ["Aaba:Agents:WatchInterval"] = "00:00:00.100",
            ["Aaba:Secrets:CacheFor"] = "00:00:00",
            // The clients need no Orleans dashboard; DashboardOffTests checks a host runs without it.
            [AabaDashboard.EnabledKey] = "false",
        });
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
            // Open mode makes every HTTP request an admin's; the in-process client is given the same rights.
            options.Role = ApiRole.Admin;
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
        if (OpenAi is not null)
        {
            await OpenAi.DisposeAsync();
        }
        _data.Dispose();
    }
}
