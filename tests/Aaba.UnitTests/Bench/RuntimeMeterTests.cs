using Aaba.Bench;

namespace Aaba.UnitTests.Bench;

public sealed class RuntimeMeterTests
{
    // As Aaba's /metrics exports them (OpenTelemetry's Prometheus exporter), with neighbours that share a prefix.
    private const string Scrape = """
        # TYPE dotnet_jit_compilation_time_seconds_total counter
        dotnet_jit_compilation_time_seconds_total{otel_scope_name="System.Runtime"} 4.5644567
        dotnet_jit_compiled_il_size_bytes_total{otel_scope_name="System.Runtime"} 1377879
        dotnet_jit_compiled_methods_total{otel_scope_name="System.Runtime"} 19566
        dotnet_gc_pause_time_seconds_total{otel_scope_name="System.Runtime"} 0.208161
        dotnet_gc_collections_total{otel_scope_name="System.Runtime",gc_heap_generation="gen0"} 2
        """;

    [Fact]
    public void A_window_is_what_the_runtime_spent_between_two_scrapes()
    {
        var before = RuntimeMeter.Parse(Scrape);
        var after = RuntimeMeter.Parse(Scrape
            .Replace("} 4.5644567", "} 16.3152223", StringComparison.Ordinal)
            .Replace("} 19566", "} 33999", StringComparison.Ordinal)
            .Replace("} 0.208161", "} 0.623528", StringComparison.Ordinal));

        var window = RuntimeSnapshot.Between(before, after);

        Assert.Equal(11.7507656, window.JitSeconds, precision: 6);
        Assert.Equal(14433, window.JitMethods);
        Assert.Equal(0.415367, window.GcPauseSeconds, precision: 6);
    }

    [Fact]
    public void An_endpoint_without_the_runtime_meter_is_an_error_not_a_zero() =>
        Assert.Throws<InvalidOperationException>(() => RuntimeMeter.Parse("""process_cpu_seconds_total 12.5"""));
}
