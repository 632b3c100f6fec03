
namespace Aaba.Testing;

/// <summary>An embedded Aaba whose lead agent talks to a local fake OpenAI-compatible server.</summary>
public sealed class LlmFixture : IAsyncLifetime
{
    public const string ApiKey = "test-key-not-secret-4711";
    public const string Model = "test-model";
    private readonly TestDirectory _data = new("llm");

    public FakeOpenAiServer OpenAi { get; private set; } = null!;

    public AabaApiFactory Factory { get; private set; } = null!;

    public AabaClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        OpenAi = await FakeOpenAiServer.StartAsync();
        Factory = new AabaApiFactory(new Dictionary<string, string?>(ClusterFixture.TestSiloSettings)
        {
            ["Aaba:Embedded:DataDir"] = _data.Path,
            ["Aaba:Llm:ApiKey"] = ApiKey,
            ["Aaba:Llm:BaseUrl"] = OpenAi.BaseUrl,
            ["Aaba:Llm:Model"] = Model,
            ["Aaba:Llm:RequestTimeout"] = "00:00:02",
            ["Aaba:Llm:MaxConcurrentCalls"] = "1",
            ["Aaba:Llm:MaxRetries"] = "2",
            ["Aaba:Llm:MaxRetryDelay"] = "00:00:01",
            ["Aaba:Llm:TaskMaxAttempts"] = "2",
            ["Aaba:Llm:TaskRetryDelay"] = "00:00:00.200",
        });
        Client = Factory.CreateAabaClient();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await OpenAi.DisposeAsync();
        _data.Dispose();
    }
}
