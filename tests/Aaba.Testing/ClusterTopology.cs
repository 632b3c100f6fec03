using System.Net.Http.Json;
using System.Text.Json;
using Aaba.Hosting;

namespace Aaba.Testing;

/// <summary>
/// The production topology as separate processes: a real redis-server (AOF on), N Aaba.Silo processes and one
/// Aaba.Api process in client mode, each on free ports. The in-process test cluster notices a dead silo at once;
/// only separate processes show real failover.
/// </summary>
public sealed class ClusterTopology : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private readonly TestDirectory _directory = new("topology");
    private readonly List<ServerProcess> _silos = [];
    private readonly List<ServerProcess> _extraProcesses = [];
    private readonly int _redisPort;
    private readonly int _apiPort;
    private readonly Queue<int> _ports;

    private readonly IReadOnlyDictionary<string, string> _settings;

    private ClusterTopology(int silos, IReadOnlyDictionary<string, string>? settings)
    {
        _settings = settings ?? new Dictionary<string, string>();
        // Every port of the topology picked at once, so no two processes are handed the same one.
        _ports = new Queue<int>(FreePort.PickMany(2 + 3 * silos));
        _redisPort = _ports.Dequeue();
        _apiPort = _ports.Dequeue();
    }

    /// <summary>The bootstrap admin key every API process of the topology is started with; <see cref="Client"/> sends it.</summary>
    public string AdminKey { get; } = TestKeys.NewBootstrapKey();

    public ServerProcess Redis { get; private set; } = null!;

    public ServerProcess Api { get; private set; } = null!;

    public IReadOnlyList<ServerProcess> Silos => _silos;

    public IReadOnlyList<int> SiloHttpPorts { get; private set; } = [];

    public AabaClient Client { get; private set; } = null!;

    /// <summary>The topology's redis-server, for tests that change its settings.</summary>
    public string RedisConnectionString => $"127.0.0.1:{_redisPort}";

    /// <param name="silos">How many silo processes.</param>
    /// <param name="settings">Environment every Aaba process of the topology gets besides its own (e.g. shorter periods for a test).</param>
    public static async Task<ClusterTopology> StartAsync(int silos, IReadOnlyDictionary<string, string>? settings = null)
    {
        var topology = new ClusterTopology(silos, settings);
        try
        {
            await topology.StartRedisAsync();
            var ports = new List<int>();
            for (var i = 1; i <= silos; i++)
            {
                var httpPort = topology._ports.Dequeue();
                ports.Add(httpPort);
                topology._silos.Add(ServerProcess.Start($"silo-{i}", topology._directory.Path, $"dotnet '{BuildOutput("Aaba.Silo")}'",
                    topology.AabaEnvironment(new()
                    {
                        ["AABA_SILO_PORT"] = topology._ports.Dequeue().ToString(System.Globalization.CultureInfo.InvariantCulture),
                        ["AABA_GATEWAY_PORT"] = topology._ports.Dequeue().ToString(System.Globalization.CultureInfo.InvariantCulture),
                        ["AABA_SILO_HTTP_PORT"] = httpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    })));
            }
            topology.SiloHttpPorts = ports;
            foreach (var (silo, port) in topology._silos.Zip(ports))
            {
                await WaitUntilReadyAsync(silo, $"http://localhost:{port}/healthz");
            }
            await topology.StartApiAsync();
            return topology;
        }
        catch
        {
            await topology.DisposeAsync();
            throw;
        }
    }

    public async Task StartRedisAsync()
    {
        var redisServer = FindOnPath("redis-server") ?? throw new InvalidOperationException(
            "redis-server is required for the cluster tests: apt-get install redis-server (scripts/test.sh installs it when it can).");
        var data = Path.Combine(_directory.Path, "redis");
        Directory.CreateDirectory(data);
        Redis = ServerProcess.Start("redis", _directory.Path,
            $"'{redisServer}' --port {_redisPort} --bind 127.0.0.1 --dir '{data}' --appendonly yes --appendfsync everysec --maxmemory-policy noeviction --save ''", new Dictionary<string, string>());
        await WaitForRedisAsync();
    }

    public async Task StartApiAsync()
    {
        Api = ServerProcess.Start("api", _directory.Path, $"dotnet '{BuildOutput("Aaba.Api")}'",
            AabaEnvironment(new() { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{_apiPort}" }));
        await WaitUntilReadyAsync(Api, $"http://127.0.0.1:{_apiPort}/readyz");
        Client?.Dispose();
        Client = new AabaClient(AuthorizedHttp($"http://127.0.0.1:{_apiPort}", AdminKey));
    }

    /// <summary>Starts one more API process on the same cluster and returns a client for it.</summary>
    public async Task<AabaClient> StartAnotherApiAsync()
    {
        var port = FreePort.Pick();
        var api = ServerProcess.Start($"api-{port}", _directory.Path, $"dotnet '{BuildOutput("Aaba.Api")}'",
            AabaEnvironment(new() { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" }));
        _extraProcesses.Add(api);
        await WaitUntilReadyAsync(api, $"http://127.0.0.1:{port}/readyz");
        return new AabaClient(AuthorizedHttp($"http://127.0.0.1:{port}", AdminKey));
    }

    /// <summary>Starts an API process with the given settings (none of the topology's auth settings) and returns at once; it may be expected to refuse to start.</summary>
    public ServerProcess StartApiWithout(string name, Dictionary<string, string> settings)
    {
        var environment = AabaEnvironment(settings);
        environment.Remove("AABA_BOOTSTRAP_KEY");
        environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort.Pick()}";
        var api = ServerProcess.Start(name, _directory.Path, $"dotnet '{BuildOutput("Aaba.Api")}'", environment);
        _extraProcesses.Add(api);
        return api;
    }

    /// <summary>An HTTP client for <paramref name="baseAddress"/> that sends <paramref name="apiKey"/>.</summary>
    public static HttpClient AuthorizedHttp(string baseAddress, string? apiKey)
    {
        var http = new HttpClient { BaseAddress = new Uri(baseAddress) };
        if (apiKey is not null)
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        }
        return http;
    }

    /// <summary>Starts one more silo process on the same Redis and returns at once (it may be expected to refuse to start).</summary>
    public ServerProcess StartExtraSilo(string name)
    {
        var ports = FreePort.PickMany(3).Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var silo = ServerProcess.Start(name, _directory.Path, $"dotnet '{BuildOutput("Aaba.Silo")}'",
            AabaEnvironment(new() { ["AABA_SILO_PORT"] = ports[0], ["AABA_GATEWAY_PORT"] = ports[1], ["AABA_SILO_HTTP_PORT"] = ports[2] }));
        _extraProcesses.Add(silo);
        return silo;
    }

    /// <summary>This silo's <c>aaba_tasks_running</c> gauge (of one agent's runs, when <paramref name="agent"/> is given), read from its own <c>/metrics</c>.</summary>
    public async Task<int> RunningTasksAsync(int siloIndex, string? agent = null)
    {
        using var http = new HttpClient();
        var text = await http.GetStringAsync($"http://localhost:{SiloHttpPorts[siloIndex]}/metrics", TestContext.Current.CancellationToken);
        return text.Split('\n')
            .Where(line => line.StartsWith("aaba_tasks_running{", StringComparison.Ordinal))
            .Where(line => agent is null || line.Contains($"agent=\"{agent}\"", StringComparison.Ordinal))
            .Sum(line => (int)double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    private Dictionary<string, string> AabaEnvironment(Dictionary<string, string> extra)
    {
        foreach (var (name, value) in _settings)
        {
            extra.TryAdd(name, value);
        }
        extra["AABA_REDIS"] = $"127.0.0.1:{_redisPort}";
        extra["AABA_CLUSTER_ID"] = "aaba-test";
        // API processes need a key in cluster mode; the tests submit in bursts, far above a client's normal rate.
        extra.TryAdd("AABA_BOOTSTRAP_KEY", AdminKey);
        extra.TryAdd("AABA_RATE_LIMIT", "100000");
        extra.TryAdd("Aaba__Limits__Burst", "100000");
        extra["Logging__LogLevel__Default"] = "Information";
        return extra;
    }

    private async Task WaitForRedisAsync()
    {
        var deadline = DateTime.UtcNow + ReadyTimeout;
        while (true)
        {
            try
            {
                using var tcp = new System.Net.Sockets.TcpClient();
                await tcp.ConnectAsync("127.0.0.1", _redisPort, TestContext.Current.CancellationToken);
                return;
            }
            catch (System.Net.Sockets.SocketException) when (DateTime.UtcNow < deadline && !Redis.HasExited)
            {
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }
        }
    }

    private static Task WaitUntilReadyAsync(ServerProcess process, string url) => process.WaitUntilReadyAsync(url, ReadyTimeout);

    private static string BuildOutput(string project) => RepositoryPaths.BuildOutput(project);


    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        Api?.Dispose();
        foreach (var api in _extraProcesses)
        {
            api.Dispose();
        }
        foreach (var silo in _silos)
        {
            silo.Dispose();
        }
        Redis?.Dispose();
        await Task.Yield();
        _directory.Dispose();
    }

    /// <summary>
    /// Reads many tasks in parallel; null when the read could not be served right now (503 while a dead silo's
    /// grains move), a test failure when a task is gone (404).
    /// </summary>
    public async Task<JsonElement?[]> TryGetTasksAsync(IEnumerable<string> ids) =>
        await Task.WhenAll(ids.Select(async id =>
        {
            using var response = await Client.Http.GetAsync($"/agents/status/{id}", TestContext.Current.CancellationToken);
            if (response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable)
            {
                return (JsonElement?)null;
            }
            Assert.True(response.IsSuccessStatusCode, $"Reading task {id} answered {(int)response.StatusCode}.");
            return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        }));
}
