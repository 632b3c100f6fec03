using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Aaba.Tests.Infrastructure;

/// <summary>
/// The real Aaba.Api program on real Kestrel (a free loopback port), configured only through settings, as an
/// operator would: with <c>Aaba:Redis:ConnectionString</c> it is a cluster client, without it it runs embedded.
/// </summary>
public sealed class AabaApiFactory : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;

    public AabaApiFactory(IReadOnlyDictionary<string, string?> settings)
    {
        _settings = settings;
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
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }

    /// <summary>Starts the server (and, in embedded mode, its silo) and returns a client for it.</summary>
    public AabaClient CreateAabaClient()
    {
        StartServer();
        return new AabaClient(CreateClient());
    }
}
