using System.Globalization;
using System.Text;

namespace Aaba.Testing;

/// <summary>
/// The embedded default as a user runs it: the built Aaba.Api program (<c>dotnet Aaba.Api.dll</c>, which hosts
/// Garnet, the silo and the HTTP API in one OS process) on its own data folder and a free port. It can be killed
/// (kill -9), terminated (SIGTERM) and started again on the same folder and port, as an operator would after a
/// crash or a deploy. Each start logs to its own file, so a failure shows what every run said. It is started from
/// its own temporary folder, as a service manager starts a program: nothing beside the test's build output applies.
/// </summary>
public sealed class EmbeddedAabaProcess : IAsyncDisposable
{
    /// <summary>A fresh start (JIT, Garnet recovery of an empty folder, silo join) on a loaded 2-core machine.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly TestDirectory _directory = new("embedded");
    private readonly List<ServerProcess> _runs = [];

    private IReadOnlyDictionary<string, string> _settings;

    private EmbeddedAabaProcess(IReadOnlyDictionary<string, string>? settings)
    {
        _settings = settings ?? new Dictionary<string, string>();
        Port = StablePort.Pick();
        DataDir = Path.Combine(_directory.Path, "data");
    }

    /// <summary>The HTTP port, the same for every start (clients keep their address across a restart).</summary>
    public int Port { get; }

    /// <summary>The data folder Garnet keeps its append-only file and checkpoints in, the same for every start.</summary>
    public string DataDir { get; }

    public string BaseAddress => $"http://127.0.0.1:{Port}";

    /// <summary>The running (or last) process.</summary>
    public ServerProcess Current => _runs[^1];

    /// <summary>A client for the current process (a new connection pool per start: the old one's sockets died with it).</summary>
    public AabaClient Client { get; private set; } = null!;

    /// <summary>
    /// Starts Aaba on a fresh data folder and waits until <c>/readyz</c> answers 200; <paramref name="settings"/>
    /// (environment variables, as an operator sets them) apply to every start.
    /// </summary>
    public static async Task<EmbeddedAabaProcess> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var aaba = new EmbeddedAabaProcess(settings);
        try
        {
            aaba.Launch();
            await aaba.WaitUntilReadyAsync(StartTimeout);
            return aaba;
        }
        catch
        {
            await aaba.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts the program again on the same data folder and port (the previous process must have exited) and
    /// returns how long it took from the start of the process to the first <c>/readyz</c> 200. New
    /// <paramref name="settings"/> replace the old ones for this and later starts, as an upgrade or a reconfiguration would.
    /// </summary>
    public Task<TimeSpan> RestartAsync(TimeSpan timeout, IReadOnlyDictionary<string, string>? settings = null)
    {
        Assert.True(Current.HasExited, "Restart needs the previous process to have exited.");
        _settings = settings ?? _settings;
        Launch();
        return WaitUntilReadyAsync(timeout);
    }

    /// <summary>Waits until <c>/readyz</c> answers 200 (the cluster and storage answer) and returns how long it took.</summary>
    public Task<TimeSpan> WaitUntilReadyAsync(TimeSpan timeout) => Current.WaitUntilReadyAsync($"{BaseAddress}/readyz", timeout);

    /// <summary>kill -9: no shutdown hooks, no flush, exactly like a crashed machine.</summary>
    public void Kill() => Current.Kill();

    /// <summary>SIGTERM, as Ctrl-C, systemd or Kubernetes send it; does not wait for the exit.</summary>
    public Task TerminateAsync() => Current.TerminateAsync();

    /// <summary>
    /// The log of every start (the last entries of each, without stack-trace frames), for failure messages: a restart
    /// problem is often explained by what the previous run did last.
    /// </summary>
    public string Logs(int entries = 40) => Logs(entries, _ => true);

    /// <summary>
    /// The last <paramref name="entries"/> log entries of every start that match <paramref name="keep"/> (an entry
    /// is a "level: category" line with its message lines, without stack-trace frames), repeats of the same message
    /// counted instead of shown: the story of a slow start without the noise of a busy one.
    /// </summary>
    public string Logs(int entries, Func<string, bool> keep)
    {
        var text = new StringBuilder();
        foreach (var run in _runs)
        {
            var state = run.HasExited ? $"exited with {run.ExitCode}" : "running";
            text.Append(CultureInfo.InvariantCulture, $"\n--- {run.Name} ({state}), {run.LogPath}, last {entries} matching entries:\n");
            var kept = new List<(string Entry, int Count)>();
            foreach (var entry in Entries(run.LogPath).Where(keep))
            {
                if (kept.Count > 0 && kept[^1].Entry == entry)
                {
                    kept[^1] = (entry, kept[^1].Count + 1);
                }
                else
                {
                    kept.Add((entry, 1));
                }
            }
            text.AppendJoin('\n', kept.TakeLast(entries).Select(k => k.Count == 1 ? k.Entry : $"{k.Entry}\n      (× {k.Count})"));
        }
        return text.ToString();
    }

    /// <summary>The log's entries: a line that starts with a level ("info: …") together with the lines indented under it.</summary>
    private static IEnumerable<string> Entries(string logPath)
    {
        List<string> lines;
        try
        {
            lines = [.. File.ReadLines(logPath)];
        }
        catch (IOException)
        {
            yield break;
        }
        var entry = new StringBuilder();
        foreach (var line in lines)
        {
            if (line.TrimStart().StartsWith("at ", StringComparison.Ordinal))
            {
                continue;
            }
            if (line.Length > 0 && !char.IsWhiteSpace(line[0]) && entry.Length > 0)
            {
                yield return entry.ToString();
                entry.Clear();
            }
            entry.Append(entry.Length > 0 ? "\n" : "").Append(line);
        }
        if (entry.Length > 0)
        {
            yield return entry.ToString();
        }
    }

    private void Launch()
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = BaseAddress,
            ["AABA_DATA_DIR"] = DataDir,
            // Embedded whatever the machine's environment says: an inherited Redis setting would make this a cluster client.
            ["AABA_REDIS"] = "",
            ["Aaba__Redis__ConnectionString"] = "",
            // Information shows the silo's membership and shutdown steps in a failure's log tail; Polly logs every
            // grain placement at Information, which under load only costs CPU.
            ["Logging__LogLevel__Default"] = "Information",
            ["Logging__LogLevel__Polly"] = "Warning",
        };
        foreach (var (name, value) in _settings)
        {
            environment[name] = value;
        }
        var run = ServerProcess.Start($"aaba-{_runs.Count + 1}", _directory.Path, $"dotnet '{RepositoryPaths.BuildOutput("Aaba.Api")}'", environment,
            workingDirectory: _directory.Path);
        _runs.Add(run);
        Client?.Dispose();
        // Long-polls wait up to 30 s; anything slower than a minute is a hang worth failing on.
        Client = new AabaClient(new HttpClient { BaseAddress = new Uri(BaseAddress), Timeout = TimeSpan.FromSeconds(60) });
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        foreach (var run in _runs)
        {
            run.Dispose();
        }
        await Task.Yield();
        _directory.Dispose();
    }
}
