using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Aaba.Testing;

/// <summary>
/// The real Aaba.Api program on real Kestrel (a free loopback port), configured only through settings, as an
/// operator would: with <c>Aaba:Redis:ConnectionString</c> it is a cluster client, without it it runs embedded.
/// </summary>
public sealed class AabaApiFactory : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    /// <param name="settings">Configuration, as an operator would give it.</param>
    /// <param name="services">Test-only additions (e.g. an in-memory trace exporter).</param>
    public AabaApiFactory(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    {
        _settings = settings;
        _services = services;
        UseKestrel(0);
    }

    /// <summary>An embedded instance (own Garnet, own silo) on <paramref name="dataDir"/>.</summary>
    public static AabaApiFactory Embedded(string dataDir) => new(new Dictionary<string, string?>(ClusterFixture.TestSiloSettings)
    {
        ["Aaba:Embedded:DataDir"] = dataDir,
    });

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        if (!_settings.ContainsKey("Logging:LogLevel:Default"))
        {
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
        }
        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }
    }

    /// <summary>Starts the server (and, in embedded mode, its silo) and returns a client for it, sending <paramref name="apiKey"/> when given.</summary>
    public AabaClient CreateAabaClient(string? apiKey = null)
    {
        StartServer();
        var http = CreateClient();
        if (apiKey is not null)
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        }
        return new AabaClient(http);
    }
}
