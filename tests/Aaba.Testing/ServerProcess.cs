using System.Diagnostics;
using System.Globalization;

namespace Aaba.Testing;

/// <summary>One real OS process of the topology (redis-server, a silo, an API), logging to a file.</summary>
public sealed class ServerProcess : IDisposable
{
    // Spelled out: inside the test projects, "Process" is a namespace of the process-level tests.
    private readonly System.Diagnostics.Process _process;

    private ServerProcess(string name, System.Diagnostics.Process process, string logPath)
    {
        Name = name;
        _process = process;
        LogPath = logPath;
    }

    public string Name { get; }

    public string LogPath { get; }

    public bool HasExited => _process.HasExited;

    public int Id => _process.Id;

    /// <summary>The exit code once exited (137 after kill -9, 143 for a process that SIGTERM ended without handling it).</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public static ServerProcess Start(string name, string logDirectory, string command, IReadOnlyDictionary<string, string> environment, string? workingDirectory = null)
    {
        var logPath = Path.Combine(logDirectory, $"{name}.log");
        // exec: the pid we hold is the server itself, so a kill -9 hits exactly it.
        var start = new ProcessStartInfo("bash", ["-c", $"exec {command} >'{logPath}' 2>&1"]) { UseShellExecute = false, WorkingDirectory = workingDirectory ?? "" };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        return new ServerProcess(name, System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException($"Could not start {name}."), logPath);
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
        await TerminateAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await _process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>Sends SIGTERM (what Ctrl-C, systemd and Kubernetes send) and returns at once, without waiting for the exit.</summary>
    public async Task TerminateAsync()
    {
        if (_process.HasExited)
        {
            return;
        }
        using var term = System.Diagnostics.Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        await term.WaitForExitAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the process to exit; true if it did.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
            return true;
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>
    /// Polls <paramref name="url"/> until it answers 2xx and returns how long that took; fails the test, with the
    /// log tail, if the process exits first or <paramref name="timeout"/> passes.
    /// </summary>
    public async Task<TimeSpan> WaitUntilReadyAsync(string url, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        // A probe that hangs (a server still starting) must not eat the whole budget.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        while (true)
        {
            Assert.False(HasExited, $"{Name} exited during start (exit code {ExitCode}):\n{LogTail()}");
            try
            {
                using var response = await http.GetAsync(url, TestContext.Current.CancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return clock.Elapsed;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
            }
            Assert.True(clock.Elapsed < timeout, $"{Name} was not ready at {url} within {timeout}:\n{LogTail()}");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
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
