using Aaba.Grains.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Aaba.Hosting;

/// <summary>Metrics every Aaba process exports, API and silo alike, scraped by Prometheus at <c>/metrics</c>.</summary>
public static class AabaTelemetryExtensions
{
    /// <summary>The meters exported: Aaba's own, Orleans', the .NET runtime's and ASP.NET Core's (all built into .NET, no instrumentation packages).</summary>
    public static readonly string[] Meters =
    [
        AabaMetrics.MeterName,
        "Microsoft.Orleans",
        "System.Runtime",
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "System.Net.Http",
    ];

    public static IHostApplicationBuilder AddAabaTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics => metrics.AddMeter(Meters).AddPrometheusExporter());
        return builder;
    }

    public static IEndpointRouteBuilder MapAabaMetrics(this IEndpointRouteBuilder app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
