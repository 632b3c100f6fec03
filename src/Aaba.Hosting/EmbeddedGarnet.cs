using Garnet;
using Microsoft.Extensions.Logging;

namespace Aaba.Hosting;

/// <summary>
/// A Garnet server inside this process, durable to a data folder (append-only file plus checkpoints, recovered at
/// start), which this process holds exclusively (a lock file: a second process on the same folder is refused).
/// <list type="bullet">
/// <item>Every write goes to the append-only file, which Garnet writes through to the disk, committed right after
/// the reply; <see cref="WaitForCommitAsync"/> waits for that (a 202 does, see GarnetWriteDurability): the task then
/// survives a kill -9 of the process and a power cut.</item>
/// <item>A Lua script is one transaction: after a crash, a task's record and its index entries are there together or not at all.</item>
/// <item>Before Garnet recovers the file, a commit record that a kill tore in a way Garnet misreads is cleared
/// (<see cref="AppendOnlyFileTail"/>); a recovery that fails otherwise stops the start.</item>
/// <item>A checkpoint is taken whenever the append-only file passes <see cref="EmbeddedRedisOptions.AofSizeLimit"/>,
/// which truncates it, so a restart replays a bounded log.</item>
/// </list>
/// Disposed after the silo has stopped.
/// </summary>
public sealed class EmbeddedGarnet : IDisposable
{
    private const string LockFileName = "aaba.lock";
    private const string CheckpointPageGapMs = "100";
    private readonly GarnetServer _server;
    private readonly FileStream _lock;
    private readonly ILoggerFactory? _logging;
    private int _disposed;

    private EmbeddedGarnet(GarnetServer server, FileStream dataLock, ILoggerFactory? logging, string dataDir, int port)
    {
        _server = server;
        _lock = dataLock;
        _logging = logging;
        DataDir = dataDir;
        Port = port;
    }

    public string DataDir { get; }

    public int Port { get; }

    /// <summary>The StackExchange.Redis connection string for this server.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>Starts Garnet on the data folder, recovering what it holds; <paramref name="logging"/> is disposed with it.</summary>
    /// <exception cref="IOException">Another process holds the data folder.</exception>
    public static EmbeddedGarnet Start(EmbeddedRedisOptions options, ILoggerFactory? logging = null)
    {
        var dataDir = Path.GetFullPath(options.DataDir);
        Directory.CreateDirectory(dataDir);
        var dataLock = Lock(dataDir);
        try
        {
            if (AppendOnlyFileTail.ClearTornCommit(dataDir) is { } torn)
            {
                logging?.CreateLogger<EmbeddedGarnet>().LogWarning(
                    "The append-only file in {DataDir} ended in a torn commit record at address {Address} (the previous process was killed while writing it). Cleared it: recovery keeps every commit before it.",
                    dataDir, torn);
            }
            var port = options.RedisPort == 0 ? FreePort.Pick() : options.RedisPort;
            List<string> arguments =
            [
                "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--bind", "127.0.0.1",
                "--checkpointdir", dataDir,
                "--aof",
                "--recover",
                "--aof-size-limit", options.AofSizeLimit,
                // The layout AppendOnlyFileTail reads, pinned (Garnet's defaults).
                "--aof-page-size", AppendOnlyFileTail.PageSizeOption,
                "--aof-segment-size", AppendOnlyFileTail.SegmentSizeOption,
                // A recovery that fails stops the start: serving an empty or partial store would lose tasks for good
                // (the next writes overwrite the file) and hide it.
                "--fail-on-recovery-error",
                "--index", options.IndexSize,
                // A checkpoint's writes queue on the disk ahead of the append-only file's commits, which every 202
                // waits for: a pause between its pages lets those commits through. With this and a 16 MB index (which a
                // full checkpoint writes whole) the slowest e2e answer in a checkpoint's round fell from 1.3-3.7 s
                // (median 3.1, 9 processes) to 0.4-1.9 s (median 0.9, 6) under load; the round's throughput held.
                "--checkpoint-throttle-delay", CheckpointPageGapMs,
                // Orleans' Redis providers and Aaba's task store use Lua scripts; each is applied whole or not at all.
                "--lua",
                "--lua-transaction-mode",
                // The native device needs libaio, which a plain Debian machine lacks.
                "--device-type", "RandomAccess",
            ];
            arguments.AddRange(["--aof-commit-freq", options.CommitIntervalMs.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            var server = new GarnetServer([.. arguments], logging, cleanupDir: false);
            server.Start();
            return new EmbeddedGarnet(server, dataLock, logging, dataDir, port);
        }
        catch
        {
            dataLock.Dispose();
            logging?.Dispose();
            throw;
        }
    }

    /// <summary>An exclusive lock on the folder, released by the OS when the process dies however it dies.</summary>
    private static FileStream Lock(string dataDir)
    {
        try
        {
            return new FileStream(Path.Combine(dataDir, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException exception)
        {
            throw new IOException(
                $"Another Aaba process is using the data folder '{dataDir}'. Stop it, or give this one its own folder (AABA_DATA_DIR).",
                exception);
        }
    }

    /// <summary>Completes once every write answered so far is committed to the append-only file.</summary>
    public async ValueTask WaitForCommitAsync() => await _server.Store.WaitForCommitAsync();

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        try
        {
            _server.Dispose();
        }
        catch (ObjectDisposedException)
        {
            // Garnet's own parts may already be torn down; every write was committed before it was answered.
        }
        finally
        {
            _lock.Dispose();
            _logging?.Dispose();
        }
    }
}
