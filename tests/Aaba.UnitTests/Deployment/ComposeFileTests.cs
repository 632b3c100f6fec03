using System.Net;
using Aaba.Api.Http;
using Aaba.Hosting;
using Aaba.Testing;
using YamlDotNet.RepresentationModel;

namespace Aaba.UnitTests.Deployment;

/// <summary>
/// No Docker engine runs here, so docker-compose.yml is kept right by construction: these tests parse it and check
/// it against the code (build contexts, Dockerfiles, environment variables, ports, dependencies, network).
/// </summary>
public sealed class ComposeFileTests
{
    private static readonly string Root = RepositoryPaths.Root();
    private static readonly YamlMappingNode Services = LoadServices();
    private static readonly string[] StandardVariables = ["ASPNETCORE_URLS", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "OTEL_EXPORTER_OTLP_ENDPOINT"];

    [Fact]
    public void The_topology_is_redis_two_silos_and_the_api()
    {
        Assert.Equal(["api", "grafana", "jaeger", "otel-collector", "prometheus", "redis", "silo-1", "silo-2"], Services.Children.Keys.Select(k => k.ToString()).Order());
        var redis = Service("redis");
        Assert.Contains("--appendonly", Sequence(redis, "command"));
        Assert.Equal("yes", Sequence(redis, "command")[Sequence(redis, "command").IndexOf("--appendonly") + 1]);
        // The silos refuse to start on a Redis that may evict any key; the compose file's must not.
        Assert.Equal("noeviction", Sequence(redis, "command")[Sequence(redis, "command").IndexOf("--maxmemory-policy") + 1]);
        Assert.Contains(Sequence(redis, "volumes"), volume => volume.EndsWith(":/data", StringComparison.Ordinal));
        // Healthy only once it answers PONG: while it loads its append-only file it answers LOADING, and redis-cli
        // still exits 0, so a bare `redis-cli ping` would let the silos start and fail.
        Assert.Equal(["CMD-SHELL", "redis-cli ping | grep -qx PONG"], Sequence(redis, "healthcheck", "test"));
    }

    [Theory]
    [InlineData("silo-1", "Aaba.Silo")]
    [InlineData("silo-2", "Aaba.Silo")]
    [InlineData("api", "Aaba.Api")]
    public void Each_image_builds_from_a_dockerfile_that_runs_its_project(string service, string project)
    {
        var build = (YamlMappingNode)Service(service)["build"];
        var context = Path.GetFullPath(Path.Combine(Root, build["context"].ToString()));
        var dockerfile = Path.Combine(context, build["dockerfile"].ToString());

        Assert.Equal(Root, context.TrimEnd('/'));
        Assert.True(File.Exists(dockerfile), $"{dockerfile} is missing");
        Assert.Equal(Path.Combine(Root, "src", project), Path.GetDirectoryName(dockerfile));
        var text = File.ReadAllText(dockerfile);
        Assert.Contains($"ENTRYPOINT [\"dotnet\", \"{project}.dll\"]", text, StringComparison.Ordinal);
        Assert.Contains($"dotnet publish src/{project}/{project}.csproj", text, StringComparison.Ordinal);
        Assert.Contains("USER $APP_UID", text, StringComparison.Ordinal);
        // Every csproj copied for the restore layer exists.
        foreach (var line in text.Split('\n').Where(l => l.StartsWith("COPY src/", StringComparison.Ordinal) && l.Contains(".csproj", StringComparison.Ordinal)))
        {
            Assert.True(File.Exists(Path.Combine(Root, line.Split(' ')[1])), $"{dockerfile}: {line}");
        }
    }

    [Theory]
    [InlineData("silo-1")]
    [InlineData("silo-2")]
    [InlineData("api")]
    public void Every_variable_set_is_one_the_code_reads_and_is_documented(string service)
    {
        var documented = File.ReadAllLines(Path.Combine(Root, ".env.example"))
            .Where(line => line.Contains('=', StringComparison.Ordinal) && !line.StartsWith('#'))
            .Select(line => line[..line.IndexOf('=', StringComparison.Ordinal)])
            .ToHashSet();
        foreach (var variable in Environment(service).Keys)
        {
            Assert.True(AabaEnvironmentVariables.Map.ContainsKey(variable) || StandardVariables.Contains(variable),
                $"{service} sets {variable}, which the code does not read.");
            Assert.Contains(variable, documented);
        }
        Assert.Equal("redis:6379", Environment(service)["AABA_REDIS"]);
    }

    [Fact]
    public void Every_variable_the_code_reads_is_documented_in_env_example()
    {
        var example = File.ReadAllText(Path.Combine(Root, ".env.example"));
        Assert.All(AabaEnvironmentVariables.Map.Keys, variable => Assert.Contains($"\n{variable}=", example, StringComparison.Ordinal));
    }

    [Fact]
    public void Ports_agree_with_the_code_defaults()
    {
        var defaults = new SiloEndpointOptions();
        foreach (var silo in new[] { "silo-1", "silo-2" })
        {
            var environment = Environment(silo);
            Assert.Equal(defaults.SiloPort.ToString(System.Globalization.CultureInfo.InvariantCulture), environment["AABA_SILO_PORT"]);
            Assert.Equal(defaults.GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture), environment["AABA_GATEWAY_PORT"]);
            Assert.Equal(defaults.HttpPort.ToString(System.Globalization.CultureInfo.InvariantCulture), environment["AABA_SILO_HTTP_PORT"]);
            Assert.Contains($"/{defaults.HttpPort} ", Sequence(Service(silo), "healthcheck", "test")[^1], StringComparison.Ordinal);
        }
        var apiPort = new Uri(HttpDefaults.DefaultUrl).Port;
        Assert.Equal($"{apiPort}:{apiPort}", Assert.Single(Sequence(Service("api"), "ports")));
        Assert.EndsWith($":{apiPort}", Environment("api")["ASPNETCORE_URLS"], StringComparison.Ordinal);
    }

    [Fact]
    public void The_api_waits_for_the_silos_and_the_silos_wait_for_redis()
    {
        Assert.Equal(["silo-1", "silo-2"], DependsOn("api"));
        Assert.Equal(["redis"], DependsOn("silo-1"));
        Assert.Equal(["redis"], DependsOn("silo-2"));
    }

    [Fact]
    public void Each_silo_advertises_its_own_fixed_address_inside_the_network()
    {
        var root = (YamlMappingNode)LoadDocument().RootNode;
        var subnet = ((YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)root["networks"])["aaba"])["ipam"])["config"])[0])["subnet"].ToString();
        var (network, prefix) = (IPAddress.Parse(subnet.Split('/')[0]), int.Parse(subnet.Split('/')[1], System.Globalization.CultureInfo.InvariantCulture));
        var advertised = new[] { "silo-1", "silo-2" }.Select(silo => Environment(silo)["AABA_ADVERTISED_IP"]).ToList();

        Assert.Equal(advertised.Count, advertised.Distinct().Count());
        foreach (var (silo, address) in new[] { "silo-1", "silo-2" }.Zip(advertised))
        {
            Assert.True(new IPNetwork(network, prefix).Contains(IPAddress.Parse(address)), $"{address} is outside {subnet}");
            var assigned = ((YamlMappingNode)((YamlMappingNode)Service(silo)["networks"])["aaba"])["ipv4_address"].ToString();
            Assert.Equal(address, assigned);
        }
    }

    [Fact]
    public void The_observability_stack_mounts_files_that_exist_and_prometheus_scrapes_every_process()
    {
        foreach (var service in new[] { "otel-collector", "prometheus", "grafana" })
        {
            foreach (var volume in Sequence(Service(service), "volumes"))
            {
                var hostPath = volume.Split(':')[0];
                Assert.True(File.Exists(Path.Combine(Root, hostPath)) || Directory.Exists(Path.Combine(Root, hostPath)), $"{service} mounts missing {hostPath}");
            }
        }
        var scrape = File.ReadAllText(Path.Combine(Root, "deploy/prometheus/prometheus.yml"));
        var silo = new SiloEndpointOptions();
        // The API's /metrics needs an admin key on its own port; Prometheus scrapes its management listener.
        Assert.Contains($"api:{new Uri(Environment("api")["AABA_MANAGEMENT_URL"]).Port}", scrape, StringComparison.Ordinal);
        Assert.Contains($"silo-1:{silo.HttpPort}", scrape, StringComparison.Ordinal);
        Assert.Contains($"silo-2:{silo.HttpPort}", scrape, StringComparison.Ordinal);
        Assert.Contains("otel-collector:4317", Environment("api")["OTEL_EXPORTER_OTLP_ENDPOINT"], StringComparison.Ordinal);
    }

    private static YamlMappingNode Service(string name) => (YamlMappingNode)Services[name];

    private static List<string> DependsOn(string service) =>
        ((YamlMappingNode)Service(service)["depends_on"]).Children.Keys.Select(k => k.ToString()).Order().ToList();

    private static List<string> Sequence(YamlMappingNode node, params string[] path)
    {
        YamlNode current = node;
        foreach (var key in path)
        {
            current = ((YamlMappingNode)current)[key];
        }
        return ((YamlSequenceNode)current).Children.Select(child => child.ToString()).ToList();
    }

    /// <summary>A service's environment, with YAML merge keys (<c>&lt;&lt;: *anchor</c>) applied.</summary>
    private static Dictionary<string, string> Environment(string service)
    {
        var result = new Dictionary<string, string>();
        foreach (var (key, value) in ((YamlMappingNode)Service(service)["environment"]).Children)
        {
            if (key.ToString() == "<<")
            {
                foreach (var (mergedKey, mergedValue) in ((YamlMappingNode)value).Children)
                {
                    result.TryAdd(mergedKey.ToString(), mergedValue.ToString());
                }
            }
            else
            {
                result[key.ToString()] = value.ToString();
            }
        }
        return result;
    }

    private static YamlDocument LoadDocument()
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(Root, "docker-compose.yml"));
        stream.Load(reader);
        return stream.Documents.Single();
    }

    private static YamlMappingNode LoadServices() => (YamlMappingNode)((YamlMappingNode)LoadDocument().RootNode)["services"];
}
