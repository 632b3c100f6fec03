namespace Aaba.Grains.Net;

/// <summary>Which networks a URL a user (or a feed, a webhook) names may reach.</summary>
public sealed class OutboundOptions
{
    public const string Section = "Aaba:Outbound";

    /// <summary>
    /// Networks allowed although private, loopback or link-local, as CIDR blocks (<c>10.1.0.0/16</c>,
    /// <c>127.0.0.1/32</c>). Empty: only public addresses.
    /// </summary>
    public List<string> AllowedNetworks { get; set; } = [];
}
