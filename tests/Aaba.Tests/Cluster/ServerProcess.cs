using System.Diagnostics;

namespace Aaba.Tests.Cluster;

/// <summary>One real OS process of the topology (redis-server, a silo, an API), logging to a file.</summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;

    private ServerProcess(string name, Process process, string logPath)
    {
        Name = name;
        _process = process;
        LogPath = logPath;
    }

    public string Name { get; }

    public string LogPath { get; }

    public bool HasExited => _process.HasExited;

    public static ServerProcess Start(string name, string logDirectory, string command, IReadOnlyDictionary<string, string> environment)
    {
        var logPath = Path.Combine(logDirectory, $"{name}.log");
        // exec: the pid we hold is the server itself, so a kill -9 hits exactly it.
        var start = new ProcessStartInfo("bash", ["-c", $"exec {command} >'{logPath}' 2>&1"]) { UseShellExecute = false };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        return new ServerProcess(name, Process.Start(start) ?? throw new InvalidOperationException($"Could not start {name}."), logPath);
    }

    /// <summary>kill -9: no shutdown hooks, no flush, exactly like a crashed machine.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    /// <summary>SIGTERM and wait for a clean exit.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }
        using var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await term.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await _process.WaitForExitAsync(timeout.Token);
    }

    public string LogTail(int lines = 30)
    {
        try
        {
            return string.Join('\n', File.ReadLines(LogPath).TakeLast(lines));
        }
        catch (IOException)
        {
            return "";
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
