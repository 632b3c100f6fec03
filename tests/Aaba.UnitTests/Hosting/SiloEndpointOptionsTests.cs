using Aaba.Hosting;
using Microsoft.Extensions.Configuration;

namespace Aaba.UnitTests.Hosting;

/// <summary>Aspire's Orleans integration hands silos and clients the standard Orleans keys; Aaba's own settings win over them.</summary>
public sealed class SiloEndpointOptionsTests
{
    [Fact]
    public void The_standard_orleans_keys_fill_what_aaba_settings_leave_unset()
    {
        var options = SiloEndpointOptions.Read(Configuration(new()
        {
            ["Orleans:ClusterId"] = "run-42",
            ["Orleans:ServiceId"] = "svc",
            ["Orleans:Endpoints:SiloPort"] = "40001",
            ["Orleans:Endpoints:GatewayPort"] = "40002",
        }));

        Assert.Equal(("run-42", "svc", 40001, 40002), (options.ClusterId, options.ServiceId, options.SiloPort, options.GatewayPort));
    }

    [Fact]
    public void Aaba_settings_win_over_the_orleans_keys()
    {
        var options = SiloEndpointOptions.Read(Configuration(new()
        {
            ["Aaba:Silo:ClusterId"] = "aaba-test",
            ["Aaba:Silo:ServiceId"] = "aaba",
            ["Aaba:Silo:SiloPort"] = "0",
            ["Aaba:Silo:GatewayPort"] = "30005",
            ["Orleans:ClusterId"] = "run-42",
            ["Orleans:ServiceId"] = "svc",
            ["Orleans:Endpoints:SiloPort"] = "40001",
            ["Orleans:Endpoints:GatewayPort"] = "40002",
        }));

        Assert.Equal(("aaba-test", "aaba", 0, 30005), (options.ClusterId, options.ServiceId, options.SiloPort, options.GatewayPort));
    }

    [Fact]
    public void Without_either_the_defaults_hold()
    {
        var options = SiloEndpointOptions.Read(Configuration([]));
        var defaults = new SiloEndpointOptions();

        Assert.Equal((defaults.ClusterId, defaults.ServiceId, defaults.SiloPort, defaults.GatewayPort),
            (options.ClusterId, options.ServiceId, options.SiloPort, options.GatewayPort));
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
