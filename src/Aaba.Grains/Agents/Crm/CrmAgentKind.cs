using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Aaba.Abstractions;
using Aaba.Abstractions.Agents;
using Aaba.Grains.Net;

namespace Aaba.Grains.Agents.Crm;

/// <summary>
/// Delivers leads to a CRM webhook, one signed message per lead (Standard Webhooks), each with its own idempotency
/// id, retried with backoff. The URL is the agent's <c>webhook_url</c>, or the run's when the agent names none (the
/// built-in <c>crm</c> agent); every URL passes the URL guard.
/// </summary>
public sealed class CrmAgentKind(OutboundUrlGuard guard) : IAgentKind
{
    public const string DefaultEventType = "lead.created";
    public const int MaxLeads = 200;

    private const string ConfigSchema = """
        {
          "type": "object", "additionalProperties": false,
          "properties": {
            "webhook_url": {"type": "string", "minLength": 1, "maxLength": 2048, "description": "Where leads are POSTed (runs may not name another)."},
            "event_type": {"type": "string", "minLength": 1, "maxLength": 100, "description": "The payload's type (default lead.created)."},
            "max_attempts": {"type": "integer", "minimum": 1, "maximum": 20, "description": "Tries per lead within one run (default 5)."}
          }
        }
        """;

    public const string InputSchemaText = """
        {
          "type": "object", "additionalProperties": false, "required": ["leads"],
          "properties": {
            "leads": {"type": "array", "minItems": 0, "maxItems": 200, "items": {"type": "object"}, "description": "The leads to deliver, one webhook each."},
            "webhook_url": {"type": "string", "minLength": 1, "maxLength": 2048, "description": "Where to deliver, when the agent's config names no webhook_url."}
          }
        }
        """;

    private static readonly Json.Schema.JsonSchema InputSchema = JsonSchemas.Parse(InputSchemaText);

    public string Kind => AgentKindNames.Crm;

    public string Description => "Delivers leads to a CRM webhook, signed per Standard Webhooks, one idempotency id per lead, retried with backoff.";

    public IEnumerable<AgentDescriptor> BuiltInAgents =>
    [
        new(AabaKeys.CrmAgent, Kind, "Delivers leads to the webhook_url of the run, signed per Standard Webhooks.", InputSchemaText,
            TimeSpan.FromMinutes(10), DefaultRetry, ConfigJson: "{}"),
    ];

    public string? ConfigSchemaJson => ConfigSchema;

    public TimeSpan DefaultTimeout => TimeSpan.FromMinutes(10);

    /// <summary>A run whose deliveries failed is tried again (same ids: a receiver that honours them sees no duplicate).</summary>
    public RetryPolicy DefaultRetry => new(3, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1), [CrmAgent.DeliveryFailed]);

    public string InputSchemaFor(JsonObject config) => InputSchemaText;

    public ImmutableDictionary<string, string[]> ValidateConfig(JsonObject config, AgentCatalog catalog) =>
        config["webhook_url"]?.GetValue<string>() is { } url && guard.Check(url) is { } why
            ? ImmutableDictionary<string, string[]>.Empty.Add("config.webhook_url", [why])
            : ImmutableDictionary<string, string[]>.Empty;

    public ImmutableDictionary<string, string[]> ValidateInput(AgentDescriptor agent, string inputJson)
    {
        var errors = JsonSchemas.InputErrors(InputSchema, inputJson);
        if (!errors.IsEmpty)
        {
            return errors;
        }
        var input = JsonNode.Parse(inputJson)!.AsObject();
        var configured = CrmAgent.ConfiguredUrl(agent);
        var asked = input["webhook_url"]?.GetValue<string>();
        if (configured is not null && asked is not null && asked != configured)
        {
            return errors.Add("webhook_url", ["This agent delivers to the webhook_url of its config; a run may not name another."]);
        }
        if ((asked ?? configured) is not { } url)
        {
            return errors.Add("webhook_url", ["Required: this agent's config names no webhook_url."]);
        }
        return guard.Check(url) is { } why ? errors.Add("webhook_url", [why]) : errors;
    }

    public IAgentGrain GetGrain(IGrainFactory grains, string agentName) => grains.GetGrainWithKey<ICrmAgentGrain>(agentName);
}
