using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Aaba.Abstractions;
using Aaba.Abstractions.Agents;

namespace Aaba.Grains.Agents.Enrich;

/// <summary>
/// Adds to each lead the company, its site, a contact page, technology hints and a USD budget range, from its page
/// (fetched through the URL guard, parsed with AngleSharp) and its own fields. Input: one <c>lead</c> (the result is
/// the enriched lead: a pipeline fans out over leads with this) or <c>leads</c> (the result is <c>{"leads": […]}</c>).
/// </summary>
public sealed class EnrichAgentKind : IAgentKind
{
    private const string ConfigSchema = """
        {
          "type": "object", "additionalProperties": false,
          "properties": {
            "fetch_pages": {"type": "boolean", "description": "Fetch each lead's url (default true); off, only the lead's own fields are used."},
            "usd_rates": {"type": "object", "additionalProperties": {"type": "number", "exclusiveMinimum": 0}, "description": "USD per unit of each currency (defaults for USD, EUR, GBP, CAD, AUD, CHF, INR)."}
          }
        }
        """;

    public const string InputSchemaText = """
        {
          "type": "object", "additionalProperties": false,
          "oneOf": [{"required": ["lead"]}, {"required": ["leads"]}],
          "properties": {
            "lead": {"type": "object", "description": "One lead (its url is fetched); the result is the lead with an enrichment object."},
            "leads": {"type": "array", "maxItems": 100, "items": {"type": "object"}, "description": "Several leads; the result is {\"leads\": [...]}."}
          }
        }
        """;

    private static readonly Json.Schema.JsonSchema InputSchema = JsonSchemas.Parse(InputSchemaText);

    public string Kind => AgentKindNames.Enrich;

    public string Description => "Adds company, site, contact page, technology hints and a USD budget range to leads, from their pages (HTML parsed) and fields.";

    public IEnumerable<AgentDescriptor> BuiltInAgents =>
    [
        new(AabaKeys.EnrichAgent, Kind, Description, InputSchemaText, DefaultTimeout, RetryPolicy.None, ConfigJson: "{\"fetch_pages\":true}"),
    ];

    public string? ConfigSchemaJson => ConfigSchema;

    public TimeSpan DefaultTimeout => TimeSpan.FromMinutes(2);

    public string InputSchemaFor(JsonObject config) => InputSchemaText;

    public ImmutableDictionary<string, string[]> ValidateInput(AgentDescriptor agent, string inputJson) => JsonSchemas.InputErrors(InputSchema, inputJson);

    public IAgentGrain GetGrain(IGrainFactory grains, string agentName) => grains.GetGrainWithKey<IEnrichAgentGrain>(agentName);
}
