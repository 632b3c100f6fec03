using Aaba.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Aaba.Hosting;

/// <summary>
/// A silo process of cluster mode (<c>Aaba.Silo</c>): the silo on Redis plus a small HTTP listener of its own
/// for the default endpoints (<c>/healthz</c>, <c>/readyz</c>, <c>/metrics</c>), so operators, Prometheus and the
/// Aspire AppHost can see each silo separately.
/// </summary>
public static class AabaSiloProcessExtensions
{
    public static WebApplicationBuilder AddAabaSiloProcess(this WebApplicationBuilder builder)
    {
        builder.Configuration.AddAabaEnvironmentVariables();
        var endpoint = SiloEndpointOptions.Read(builder.Configuration);
        builder.WebHost.UseUrls($"http://{(string.IsNullOrWhiteSpace(endpoint.AdvertisedIp) ? "localhost" : "+")}:{endpoint.HttpPort}");
        builder.UseOrleans(silo =>
        {
            silo.AddAabaSiloHost(builder.Configuration);
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, RedisEvictionPolicyCheck>();
        });
        builder.Services.AddHealthChecks().AddCheck<SiloActiveHealthCheck>("silo", tags: [ServiceDefaultsExtensions.ReadyTag]);
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = AabaHostBuilderExtensions.ShutdownTimeout);
        return builder;
    }
}
