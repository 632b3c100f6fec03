using System.Diagnostics;
using Aaba.Grains.Telemetry;
using Aaba.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;

namespace Aaba.UnitTests.Hosting;

/// <summary>Every Aaba process exports Aaba's own meter and spans: the names in ServiceDefaults are the grains' names.</summary>
public sealed class ServiceDefaultsTests
{
    [Fact]
    public void Aabas_meter_and_activity_source_are_exported()
    {
        Assert.Contains(AabaMetrics.MeterName, ServiceDefaultsExtensions.Meters);
        Assert.Contains(AabaTracing.SourceName, ServiceDefaultsExtensions.TraceSources);
        Assert.Contains("Microsoft.Orleans", ServiceDefaultsExtensions.Meters);
        Assert.Contains("Microsoft.Orleans.Runtime", ServiceDefaultsExtensions.TraceSources);
        Assert.Contains("Microsoft.Orleans.Application", ServiceDefaultsExtensions.TraceSources);
    }

    /// <summary>
    /// Spans nobody takes are not made: a process with no OTLP endpoint has no tracer provider, so it does not listen to
    /// ASP.NET Core's, Orleans' or Aaba's sources (each would otherwise make, fill and drop spans on every request).
    /// </summary>
    [Theory]
    [InlineData(null, null, false)]
    [InlineData("http://collector:4317", null, true)]
    [InlineData(null, "true", true)]
    [InlineData(null, "false", false)]
    public async Task Traces_are_recorded_only_when_they_go_somewhere(string? otlpEndpoint, string? tracesSetting, bool traced)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlpEndpoint;
        builder.Configuration[ServiceDefaultsExtensions.TracesSetting] = tracesSetting;
        builder.AddServiceDefaults("tracing-test");
        using var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);

        Assert.Equal(traced, host.Services.GetService<TracerProvider>() is not null);
        // No unit test listens to activities otherwise, so the provider is the only listener there can be.
        using var source = new ActivitySource(AabaTracing.SourceName);
        Assert.Equal(traced, source.HasListeners());

        await host.StopAsync(TestContext.Current.CancellationToken);
    }
}
