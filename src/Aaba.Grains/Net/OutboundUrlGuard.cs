using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Aaba.Grains.Net;

/// <summary>
/// The one check for any URL Aaba fetches on someone's behalf (lead feeds, webhooks to come): against server-side
/// request forgery and header injection.
/// <list type="bullet">
/// <item><see cref="Check"/>: an absolute http(s) URL, no user info, no control characters or whitespace (a CR/LF
/// would split a header), at most 2048 characters; an IP-literal host must be allowed.</item>
/// <item><see cref="IsAllowed"/>: no loopback, link-local (cloud metadata at 169.254.169.254), private, shared
/// (100.64/10), multicast, unspecified or reserved address, IPv4-mapped IPv6 included, unless
/// <see cref="OutboundOptions.AllowedNetworks"/> lets it.</item>
/// <item><see cref="CreateHandler"/>: an HTTP handler that resolves the host itself and connects only to an allowed
/// address, so a name that resolves (or re-resolves, or redirects) inside the network is refused at connect time.</item>
/// </list>
/// </summary>
public sealed class OutboundUrlGuard(IOptions<OutboundOptions> options)
{
    private const int MaxUrlLength = 2048;
    private readonly IReadOnlyList<(IPAddress Network, int Bits)> _allowed = [.. options.Value.AllowedNetworks.Select(ParseNetwork)];

    /// <summary>Why <paramref name="url"/> may not be fetched, or null when its form is fine (its host's addresses are checked at connect time).</summary>
    public string? Check(string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Length > MaxUrlLength)
        {
            return $"A URL of 1 to {MaxUrlLength} characters is required.";
        }
        if (url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            return "The URL contains control characters or whitespace.";
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return "Only absolute http and https URLs are allowed.";
        }
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "The URL must not carry user information.";
        }
        if (string.IsNullOrEmpty(uri.Host))
        {
            return "The URL has no host.";
        }
        if (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var literal) && !IsAllowed(literal))
        {
            return "The URL points at a private, loopback, link-local or reserved address.";
        }
        if (uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || uri.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return _allowed.Any(n => Contains(n, IPAddress.Loopback)) ? null : "The URL points at this machine.";
        }
        return null;
    }

    /// <summary>Whether a connection to <paramref name="address"/> is allowed.</summary>
    public bool IsAllowed(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        return _allowed.Any(network => Contains(network, address)) || IsPublic(address);
    }

    /// <summary>A handler whose every connection goes only to an allowed address of the host (checked after resolving, at connect time).</summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var host = context.DnsEndPoint.Host;
            var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
            var allowed = addresses.FirstOrDefault(IsAllowed)
                ?? throw new HttpRequestException($"Refusing to connect to {host}: it resolves only to private, loopback, link-local or reserved addresses.");
            var socket = new Socket(allowed.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(allowed, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    private static bool IsPublic(IPAddress address)
    {
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return false;
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (bytes[0] & 0xFE) == 0xFC);
        }
        var b = address.GetAddressBytes();
        return b[0] switch
        {
            0 or 10 or 127 => false,
            100 when b[1] is >= 64 and <= 127 => false,
            169 when b[1] == 254 => false,
            172 when b[1] is >= 16 and <= 31 => false,
            192 when b[1] == 168 => false,
            192 when b[1] == 0 && b[2] is 0 or 2 => false,
            198 when b[1] is 18 or 19 => false,
            >= 224 => false,
            _ => true,
        };
    }

    private static bool Contains((IPAddress Network, int Bits) network, IPAddress address)
    {
        if (network.Network.AddressFamily != address.AddressFamily)
        {
            return false;
        }
        var net = network.Network.GetAddressBytes();
        var candidate = address.GetAddressBytes();
        var bits = network.Bits;
        for (var i = 0; i < net.Length && bits > 0; i++, bits -= 8)
        {
            var mask = bits >= 8 ? 0xFF : (byte)(0xFF << (8 - bits));
            if ((net[i] & mask) != (candidate[i] & mask))
            {
                return false;
            }
        }
        return true;
    }

    private static (IPAddress, int) ParseNetwork(string cidr)
    {
        var parts = cidr.Split('/');
        var address = IPAddress.Parse(parts[0]);
        var bits = parts.Length > 1 ? int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) : address.GetAddressBytes().Length * 8;
        return (address, bits);
    }
}
