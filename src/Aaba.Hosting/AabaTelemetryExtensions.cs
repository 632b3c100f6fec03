using Aaba.Grains.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

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

    /// <summary>The activity sources traced: Aaba's own (task run, LLM and tool calls) and Orleans' grain calls.</summary>
    public static readonly string[] TraceSources = [AabaTracing.SourceName, "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];

    /// <summary>
    /// Metrics for Prometheus; traces (ASP.NET Core, HttpClient, Orleans, Aaba) and logs exported over OTLP when the
    /// standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
    /// </summary>
    public static IHostApplicationBuilder AddAabaTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        // Every log line written inside a span carries its trace and span ids (and the task id from AgentRunner's scope).
        builder.Logging.Configure(options => options.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeScopes = true;
            logging.IncludeFormattedMessage = true;
        });
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics => metrics.AddMeter(Meters).AddPrometheusExporter())
            .WithTracing(tracing => tracing
                .AddSource(TraceSources)
                .AddAspNetCoreInstrumentation(options => options.Filter = context =>
                    !context.Request.Path.StartsWithSegments("/metrics") && !context.Request.Path.StartsWithSegments("/healthz"))
                .AddHttpClientInstrumentation());
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.UseOtlpExporter();
        }
        return builder;
    }

    /// <summary>Prometheus' <c>/metrics</c>; the builder lets the API decide who may read it.</summary>
    public static IEndpointConventionBuilder MapAabaMetrics(this IEndpointRouteBuilder app) => app.MapPrometheusScrapingEndpoint("/metrics");
}
