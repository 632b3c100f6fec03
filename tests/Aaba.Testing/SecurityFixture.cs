using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aaba.Testing;

/// <summary>
/// One embedded Aaba that requires keys (a bootstrap admin key), with low limits the security tests can reach, a
/// fake model server the lead agent uses only when it has its own <c>model_api_key</c> secret (no OPENAI_API_KEY),
/// and every log line and span captured so tests can look for secrets in them.
/// </summary>
public sealed class SecurityFixture : IAsyncLifetime
{
    public const int RequestsPerSecond = 50;
    public const int Burst = 100;
    public const int MaxEventStreams = 2;

    /// <summary>A tenant that may have at most this many tasks in flight.</summary>
    public const string CappedTenant = "capped";
    public const int CappedTasks = 2;

    /// <summary>A tenant with a tiny daily token budget.</summary>
    public const string FrugalTenant = "frugal";
    public const int FrugalBudget = 50;

    private readonly TestDirectory _data = new("security");

    public string AdminKey { get; } = TestKeys.NewBootstrapKey();

    public CapturedLogs Logs { get; } = new();

    public CapturedActivities Spans { get; } = new();

    public FakeOpenAiServer OpenAi { get; private set; } = null!;

    public AabaApiFactory Factory { get; private set; } = null!;

    /// <summary>Sends the bootstrap admin key.</summary>
    public AabaClient Admin { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        OpenAi = await FakeOpenAiServer.StartAsync();
        Factory = new AabaApiFactory(new Dictionary<string, string?>(ClusterFixture.TestSiloSettings)
        {
            ["Aaba:Embedded:DataDir"] = _data.Path,
            ["Aaba:Auth:BootstrapKey"] = AdminKey,
            ["Aaba:Limits:RequestsPerSecond"] = RequestsPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Aaba:Limits:Burst"] = Burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Aaba:Limits:MaxEventStreamsPerKey"] = MaxEventStreams.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // The collection sends many keyless requests on purpose (every route without a key, the console's sign-in
            // page, revoked keys), one after another from one address; the per-address limit is not what it tests.
            ["Aaba:Limits:AnonymousRequestsPerSecond"] = "200",
            ["Aaba:Limits:AnonymousBurst"] = "400",
            [$"Aaba:Tenants:Overrides:{CappedTenant}:MaxTasksInFlight"] = CappedTasks.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [$"Aaba:Tenants:Overrides:{FrugalTenant}:DailyTokenBudget"] = FrugalBudget.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Aaba:Llm:BaseUrl"] = OpenAi.BaseUrl,
            ["Aaba:Llm:Model"] = "test-model",
            ["Aaba:Llm:RequestTimeout"] = "00:00:05",
            ["Aaba:Llm:MaxRetries"] = "0",
            ["Aaba:Llm:TaskMaxAttempts"] = "1",
            ["Aaba:Secrets:CacheFor"] = "00:00:00",
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Aaba"] = "Debug",
            ["Logging:LogLevel:System.Net.Http"] = "Trace",
            ["Logging:LogLevel:Microsoft.Extensions.AI"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
        }, services => services.AddSingleton<ILoggerProvider>(Logs));
        Admin = Factory.CreateAabaClient(AdminKey);
        await Eventually.UntilAsync(async () =>
        {
            using var ready = await Admin.Http.GetAsync("/readyz", TestContext.Current.CancellationToken);
            return ready.IsSuccessStatusCode;
        }, "the API to be ready", TimeSpan.FromSeconds(60));
    }

    /// <summary>Creates a key with the bootstrap key and returns a client that sends it, with the key's id and secret.</summary>
    public async Task<TestKey> CreateKeyAsync(string tenant, string role, string? name = null)
    {
        using var response = await Admin.Http.PostAsJsonAsync("/admin/keys",
            new { name = name ?? $"{role} of {tenant}", tenant, role }, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"Creating a key answered {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        var secret = json.RootElement.GetProperty("key").GetString()!;
        return new TestKey(json.RootElement.GetProperty("id").GetString()!, secret, tenant, role, Factory.CreateAabaClient(secret));
    }

    /// <summary>One key per (tenant, role), created on first use and shared by the tests that only need some key of that kind.</summary>
    public Task<TestKey> KeyAsync(string tenant, string role) => _shared.GetOrAdd((tenant, role), k => CreateKeyAsync(k.Tenant, k.Role));

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Tenant, string Role), Task<TestKey>> _shared = new();

    /// <summary>A client that sends no key at all.</summary>
    public AabaClient Anonymous() => Factory.CreateAabaClient();

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await Factory.DisposeAsync();
        await OpenAi.DisposeAsync();
        Spans.Dispose();
        _data.Dispose();
    }
}

/// <summary>A key created for a test: its id, its secret, and a client that sends it.</summary>
public sealed record TestKey(string Id, string Secret, string Tenant, string Role, AabaClient Client) : IDisposable
{
    public void Dispose() => Client.Dispose();
}
