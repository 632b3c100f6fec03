using Microsoft.Extensions.Configuration;

namespace Aaba.Hosting;

/// <summary>Where a silo listens and which cluster it joins.</summary>
public sealed class SiloEndpointOptions
{
    public const string Section = "Aaba:Silo";

    /// <summary>Silo-to-silo port; 0 picks a free one (embedded default).</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port cluster clients (API processes) connect to; 0 picks a free one.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Port of the silo process's own HTTP listener (<c>/healthz</c>, <c>/metrics</c>).</summary>
    public int HttpPort { get; set; } = 8081;

    /// <summary>The address other silos and clients reach this silo on; loopback when empty.</summary>
    public string? AdvertisedIp { get; set; }

    /// <summary>Silos and clients with the same cluster id form one cluster.</summary>
    public string ClusterId { get; set; } = "aaba";

    /// <summary>Names the stored state; keep it stable across deployments.</summary>
    public string ServiceId { get; set; } = "aaba";

    /// <summary>
    /// <c>Aaba:Silo</c>, with the standard Orleans keys filling what it leaves unset: <c>Orleans:ClusterId</c>,
    /// <c>Orleans:ServiceId</c> and <c>Orleans:Endpoints:SiloPort|GatewayPort</c>, which Aspire's Orleans integration
    /// hands each silo and client (the AppHost allocates the ports). Aaba's own settings always win.
    /// </summary>
    public static SiloEndpointOptions Read(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<SiloEndpointOptions>() ?? new SiloEndpointOptions();
        var aaba = configuration.GetSection(Section);
        var orleans = configuration.GetSection("Orleans");
        if (aaba[nameof(ClusterId)] is null && orleans["ClusterId"] is { Length: > 0 } clusterId)
        {
            options.ClusterId = clusterId;
        }
        if (aaba[nameof(ServiceId)] is null && orleans["ServiceId"] is { Length: > 0 } serviceId)
        {
            options.ServiceId = serviceId;
        }
        if (aaba[nameof(SiloPort)] is null && int.TryParse(orleans["Endpoints:SiloPort"], out var siloPort))
        {
            options.SiloPort = siloPort;
        }
        if (aaba[nameof(GatewayPort)] is null && int.TryParse(orleans["Endpoints:GatewayPort"], out var gatewayPort))
        {
            options.GatewayPort = gatewayPort;
        }
        return options;
    }
}
