using System.Net;
using System.Net.Sockets;

namespace Aaba.Hosting;

/// <summary>Finds a free loopback TCP port, for "port 0" settings of servers that need a fixed port up front.</summary>
internal static class FreePort
{
    public static int Pick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static int OrPick(int port) => port == 0 ? Pick() : port;
}
