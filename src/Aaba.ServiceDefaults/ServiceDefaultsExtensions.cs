using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Aaba.ServiceDefaults;

/// <summary>
/// The one setup every Aaba process uses (the API, embedded or a cluster client, and each silo process): traces,
/// metrics and logs through OpenTelemetry, the health endpoints, service discovery and resilient HTTP clients.
/// <code>
/// GET /healthz   the process is alive (no dependency checked)
/// GET /readyz    every check tagged <see cref="ReadyTag"/> passes (the API: cluster and storage; a silo: it is active)
/// GET /metrics   Prometheus text: <see cref="Meters"/>
/// </code>
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Health checks with this tag decide <c>/readyz</c>; <c>/healthz</c> runs none.</summary>
    public const string ReadyTag = "ready";

    public const string HealthPath = "/healthz";
    public const string ReadyPath = "/readyz";
    public const string MetricsPath = "/metrics";

    /// <summary>Aaba's own meter and activity source (<c>AabaMetrics.MeterName</c>, <c>AabaTracing.SourceName</c> in Aaba.Grains).</summary>
    public const string AabaTelemetryName = "Aaba";

    /// <summary>The meters exported: Aaba's own, Orleans', the .NET runtime's and ASP.NET Core's (all built into .NET, no instrumentation packages).</summary>
    public static readonly string[] Meters =
    [
        AabaTelemetryName,
        "Microsoft.Orleans",
        "System.Runtime",
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "System.Net.Http",
    ];

    /// <summary>
    /// Traces are recorded when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, or when this setting is true (a host that adds
    /// an exporter of its own, e.g. in memory).
    /// </summary>
    public const string TracesSetting = "Aaba:Telemetry:Traces";

    /// <summary>The activity sources traced: Aaba's own (task run, LLM and tool calls) and Orleans' grain calls.</summary>
    public static readonly string[] TraceSources = [AabaTelemetryName, "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];

    /// <summary>
    /// OpenTelemetry, health checks, service discovery and HTTP resilience. <paramref name="serviceName"/> names the
    /// process in traces and metrics unless <c>OTEL_SERVICE_NAME</c> does (the Aspire AppHost names each resource).
    /// </summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder, string serviceName) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry(serviceName);
        builder.Services.AddHealthChecks();
        builder.Services.AddServiceDiscovery();
        // Every HttpClient from the factory (the lead feeds, a sample's client of the API) retries transient failures
        // within bounds and resolves service names (http://api) the AppHost hands out. The model client is not one:
        // its retries and timeouts are Aaba's own (LlmCallPolicyChatClient), so its error codes stay exact.
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        return builder;
    }

    /// <summary>
    /// Metrics for Prometheus at <c>/metrics</c>; traces (ASP.NET Core, HttpClient, Orleans, Aaba), metrics and logs
    /// exported over OTLP when the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the Aspire dashboard sets it).
    /// </summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder, string serviceName) where TBuilder : IHostApplicationBuilder
    {
        // Every log line written inside a span carries its trace and span ids (and the task id from AgentRunner's scope).
        builder.Logging.Configure(options => options.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        // Polly logs every execution attempt at Information, and Orleans places each new activation through a Polly
        // pipeline: two lines per activation. Retries of failed attempts (Warning) and failures still show.
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeScopes = true;
            logging.IncludeFormattedMessage = true;
        });
        var named = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_SERVICE_NAME"]);
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                if (!named)
                {
                    resource.AddService(serviceName);
                }
            })
            .WithMetrics(metrics => metrics.AddMeter(Meters).AddPrometheusExporter());
        // Spans are made only when something takes them: with no listener, ASP.NET Core, Orleans and Aaba create none
        // (without an exporter, every request and grain call made, filled and dropped spans: about 1% of an
        // end-to-end task's CPU in a profile).
        if (otlp || builder.Configuration.GetValue<bool>(TracesSetting))
        {
            otel.WithTracing(tracing => tracing
                .AddSource(TraceSources)
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsProbe(context.Request.Path))
                .AddHttpClientInstrumentation());
        }
        if (otlp)
        {
            otel.UseOtlpExporter();
        }
        return builder;
    }

    /// <summary><c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c>, in every environment (orchestrators and Prometheus probe production).</summary>
    public static TEndpoints MapDefaultEndpoints<TEndpoints>(this TEndpoints app) where TEndpoints : IEndpointRouteBuilder
    {
        app.MapProbes();
        app.MapMetrics();
        return app;
    }

    /// <summary><c>/healthz</c> (the process is alive) and <c>/readyz</c> (the checks tagged <see cref="ReadyTag"/> pass); the caller says who may call them.</summary>
    public static IEndpointConventionBuilder[] MapProbes(this IEndpointRouteBuilder app) =>
    [
        app.MapHealthChecks(HealthPath, new HealthCheckOptions { Predicate = _ => false }).WithTags("Health"),
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) }).WithTags("Health"),
    ];

    /// <summary>Prometheus at <c>/metrics</c>; the caller says who may scrape it.</summary>
    public static IEndpointConventionBuilder MapMetrics(this IEndpointRouteBuilder app) => app.MapPrometheusScrapingEndpoint(MetricsPath);

    /// <summary>Probes and scrapes are not traced: they would bury the requests that matter.</summary>
    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments(MetricsPath) || path.StartsWithSegments(HealthPath) || path.StartsWithSegments(ReadyPath);
}
