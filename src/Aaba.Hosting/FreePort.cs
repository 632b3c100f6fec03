using System.Net;
using System.Net.Sockets;

namespace Aaba.Hosting;

/// <summary>Finds free loopback TCP ports, for "port 0" settings of servers that need a fixed port up front.</summary>
internal static class FreePort
{
    public static int Pick() => PickMany(1)[0];

    /// <summary>
    /// <paramref name="count"/> distinct free ports. They are held open together while picked: picking them one at a
    /// time could hand out the same port twice, since a port is free again the moment its probe closes.
    /// </summary>
    public static int[] PickMany(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(listener => listener.Start());
            return listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            listeners.ForEach(listener => listener.Stop());
        }
    }
}
