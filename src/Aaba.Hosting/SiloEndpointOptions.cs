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
}
