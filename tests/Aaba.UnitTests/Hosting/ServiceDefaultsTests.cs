using Aaba.Grains.Telemetry;
using Aaba.ServiceDefaults;

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
}
