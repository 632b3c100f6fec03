using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Aaba.Hosting;

/// <summary>
/// A silo process of cluster mode (<c>Aaba.Silo</c>): the silo on Redis plus a small HTTP listener of its own
/// for <c>/healthz</c> and <c>/metrics</c>, so operators and Prometheus can see each silo separately.
/// </summary>
public static class AabaSiloProcessExtensions
{
    public static WebApplicationBuilder AddAabaSiloProcess(this WebApplicationBuilder builder)
    {
        builder.Configuration.AddAabaEnvironmentVariables();
        var endpoint = builder.Configuration.GetSection(SiloEndpointOptions.Section).Get<SiloEndpointOptions>() ?? new SiloEndpointOptions();
        builder.WebHost.UseUrls($"http://{(string.IsNullOrWhiteSpace(endpoint.AdvertisedIp) ? "localhost" : "+")}:{endpoint.HttpPort}");
        builder.UseOrleans(silo =>
        {
            silo.AddAabaSiloHost(builder.Configuration);
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, RedisEvictionPolicyCheck>();
        });
        builder.AddAabaTelemetry("aaba-silo");
        builder.Services.AddHealthChecks();
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = AabaHostBuilderExtensions.ShutdownTimeout);
        return builder;
    }

    public static IEndpointRouteBuilder MapAabaSiloEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapAabaMetrics();
        return app;
    }
}
