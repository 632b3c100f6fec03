using System.Net;
using System.Net.Sockets;

namespace Aaba.Testing;

/// <summary>
/// A free loopback port that stays free while its server is down between a kill and a restart. A port from the
/// kernel's ephemeral range (what binding port 0 hands out) could meanwhile become the source port of an outgoing
/// connection (the restarted silo's probes, Redis clients) or a port the restarted process picks for Garnet, and the
/// restart would fail to bind it; a port below that range is never handed out by the kernel.
/// </summary>
public static class StablePort
{
    private const int Lowest = 10_000;

    public static int Pick()
    {
        var ephemeralStart = EphemeralRangeStart();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var port = Random.Shared.Next(Lowest, ephemeralStart);
            using var listener = new TcpListener(IPAddress.Loopback, port);
            try
            {
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try another.
            }
            finally
            {
                listener.Stop();
            }
        }
        throw new InvalidOperationException($"No free port between {Lowest} and {ephemeralStart}.");
    }

    /// <summary>The first port of the kernel's ephemeral range (Linux default 32768).</summary>
    private static int EphemeralRangeStart()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return Math.Max(Lowest + 1_000, int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (IOException)
        {
            return 32_768;
        }
    }
}
