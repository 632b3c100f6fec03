using Microsoft.Extensions.Configuration;

namespace Aaba.Hosting;

/// <summary>
/// The short <c>AABA_*</c> environment variables, mapped onto configuration keys. This table is the one place
/// that names them; <c>.env.example</c>, the README and <c>docker-compose.yml</c> document the same set
/// (the standard <c>Aaba__Section__Key</c> form works too).
/// </summary>
public static class AabaEnvironmentVariables
{
    public static IReadOnlyDictionary<string, string> Map { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["AABA_REDIS"] = "Aaba:Redis:ConnectionString",
        ["AABA_DATA_DIR"] = "Aaba:Embedded:DataDir",
        ["AABA_EMBEDDED_REDIS_PORT"] = "Aaba:Embedded:RedisPort",
        ["AABA_SILO_PORT"] = "Aaba:Silo:SiloPort",
        ["AABA_GATEWAY_PORT"] = "Aaba:Silo:GatewayPort",
        ["AABA_SILO_HTTP_PORT"] = "Aaba:Silo:HttpPort",
        ["AABA_ADVERTISED_IP"] = "Aaba:Silo:AdvertisedIp",
        ["AABA_CLUSTER_ID"] = "Aaba:Silo:ClusterId",
        ["AABA_TASK_RETENTION"] = "Aaba:Tasks:Retention",
        ["AABA_LEAD_FEEDS"] = "Aaba:LeadFeeds:Urls",
        ["OPENAI_API_KEY"] = "Aaba:Llm:ApiKey",
        ["OPENAI_BASE_URL"] = "Aaba:Llm:BaseUrl",
        ["OPENAI_MODEL"] = "Aaba:Llm:Model",
        ["AABA_LLM_TIMEOUT"] = "Aaba:Llm:RequestTimeout",
        ["AABA_LLM_MAX_ROUNDS"] = "Aaba:Llm:MaxRounds",
        ["AABA_LLM_MAX_RETRIES"] = "Aaba:Llm:MaxRetries",
        ["AABA_LLM_MAX_CONCURRENCY"] = "Aaba:Llm:MaxConcurrentCalls",
        ["AABA_AUTH_MODE"] = "Aaba:Auth:Mode",
        ["AABA_BOOTSTRAP_KEY"] = "Aaba:Auth:BootstrapKey",
        ["AABA_BOOTSTRAP_KEY_FILE"] = "Aaba:Auth:BootstrapKeyFile",
        ["AABA_MANAGEMENT_URL"] = "Aaba:Management:Url",
        ["AABA_RATE_LIMIT"] = "Aaba:Limits:RequestsPerSecond",
        ["AABA_MAX_EVENT_STREAMS_PER_KEY"] = "Aaba:Limits:MaxEventStreamsPerKey",
        ["AABA_TENANT_MAX_TASKS_IN_FLIGHT"] = "Aaba:Tenants:MaxTasksInFlight",
        ["AABA_TENANT_DAILY_TOKEN_BUDGET"] = "Aaba:Tenants:DailyTokenBudget",
        ["AABA_AUDIT_RETENTION"] = "Aaba:Audit:Retention",
        ["AABA_WEBHOOK_SECRET"] = "Aaba:Webhooks:SigningSecret",
    };

    /// <summary>Adds the variables that are set, above every other source.</summary>
    public static IConfigurationBuilder AddAabaEnvironmentVariables(this IConfigurationBuilder configuration)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (variable, key) in Map)
        {
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value)
            {
                values[key] = value;
            }
        }
        return configuration.AddInMemoryCollection(values);
    }
}
