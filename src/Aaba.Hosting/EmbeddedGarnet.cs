using Garnet;
using Microsoft.Extensions.Logging;

namespace Aaba.Hosting;

/// <summary>
/// A Garnet server inside this process, durable to a data folder (append-only file plus checkpoints, recovered at start).
/// Disposed after the silo has stopped, which flushes the append-only file.
/// </summary>
public sealed partial class EmbeddedGarnet : IDisposable
{
    private readonly GarnetServer _server;

    private EmbeddedGarnet(GarnetServer server, string dataDir, int port)
    {
        _server = server;
        DataDir = dataDir;
        Port = port;
    }

    public string DataDir { get; }

    public int Port { get; }

    /// <summary>The StackExchange.Redis connection string for this server.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    public static EmbeddedGarnet Start(EmbeddedRedisOptions options, ILoggerFactory? loggerFactory = null)
    {
        var dataDir = Path.GetFullPath(options.DataDir);
        Directory.CreateDirectory(dataDir);
        var port = options.RedisPort == 0 ? FreePort.Pick() : options.RedisPort;
        string[] arguments =
        [
            "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1",
            "--checkpointdir", dataDir,
            "--aof",
            "--recover",
            // Orleans' Redis providers use Lua scripts.
            "--lua",
            // The native device needs libaio, which a plain Debian machine lacks.
            "--device-type", "RandomAccess",
        ];
        var server = new GarnetServer(arguments, loggerFactory, cleanupDir: false);
        server.Start();
        return new EmbeddedGarnet(server, dataDir, port);
    }

    public void Dispose() => _server.Dispose();
}
