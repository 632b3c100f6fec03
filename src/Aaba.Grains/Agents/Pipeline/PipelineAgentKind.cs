using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Aaba.Abstractions;
using Aaba.Abstractions.Agents;

namespace Aaba.Grains.Agents.Pipeline;

/// <summary>
/// A named sequence of steps, each run as a child task (its own id, status, attempts, events and transcript, linked
/// to the pipeline by <c>parent_id</c>), with fan-out over the items of an earlier result and a join. Child ids are
/// derived from the pipeline's id, the step and the item, so a pipeline resumed after a crash finds the children it
/// started and never runs a finished step again. Ships the built-in <c>lead-to-crm</c> (lead → enrich each → crm).
/// </summary>
public sealed class PipelineAgentKind : IAgentKind
{
    private const string ConfigSchema = """
        {
          "type": "object", "additionalProperties": false, "required": ["steps"],
          "properties": {
            "input_schema": {"type": "object", "description": "The JSON Schema of a run's input (default: any object)."},
            "steps": {
              "type": "array", "minItems": 1, "maxItems": 20,
              "items": {
                "type": "object", "additionalProperties": false, "required": ["name", "agent"],
                "properties": {
                  "name": {"type": "string", "pattern": "^[a-z][a-z0-9_-]{0,39}$"},
                  "agent": {"type": "string", "minLength": 1, "maxLength": 64},
                  "input": {"description": "The child's input; strings \"$.input.x\", \"$.steps.NAME.x\", \"$.item\", \"$.previous\" are replaced."},
                  "for_each": {"type": "string", "pattern": "^\\$\\.", "description": "An array to fan out over: one child per item, results joined in order."},
                  "max_parallel": {"type": "integer", "minimum": 1, "maximum": 32},
                  "on_failure": {"enum": ["fail", "skip"], "description": "A failed child fails the pipeline (default) or is left out."},
                  "timeout_s": {"type": "number", "minimum": 1, "maximum": 3600}
                }
              }
            }
          }
        }
        """;

    /// <summary>lead → enrich each lead (4 at a time, a failed one skipped) → deliver them to the run's webhook.</summary>
    public const string LeadToCrmConfig = """
        {
          "input_schema": {
            "type": "object", "additionalProperties": false, "required": ["query", "webhook_url"],
            "properties": {
              "query": {"type": "string", "minLength": 1, "maxLength": 200, "description": "What leads to look for."},
              "sources": {"type": "array", "uniqueItems": true, "items": {"enum": ["upwork", "freelancer", "linkedin"]}},
              "limit": {"type": "integer", "minimum": 1, "maximum": 50, "description": "How many leads at most (default 10)."},
              "webhook_url": {"type": "string", "minLength": 1, "maxLength": 2048, "description": "The CRM webhook the leads are delivered to."}
            }
          },
          "steps": [
            {"name": "find", "agent": "lead", "input": {"query": "$.input.query", "sources": "$.input.sources", "limit": "$.input.limit"}},
            {"name": "enrich", "agent": "enrich", "for_each": "$.steps.find.leads", "input": {"lead": "$.item"}, "max_parallel": 4, "on_failure": "skip"},
            {"name": "deliver", "agent": "crm", "input": {"leads": "$.steps.enrich", "webhook_url": "$.input.webhook_url"}}
          ]
        }
        """;

    private const string AnyObject = "{\"type\":\"object\"}";

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, long), Json.Schema.JsonSchema> _inputSchemas = new();

    public string Kind => AgentKindNames.Pipeline;

    public string Description => "A named sequence of steps, each a child task, with fan-out over a step's items and a join; resumes at its step after a crash.";

    public IEnumerable<AgentDescriptor> BuiltInAgents =>
    [
        new(AabaKeys.LeadToCrmPipeline, Kind, "Finds leads, enriches each one, and delivers them to a CRM webhook (signed).",
            InputSchemaFor(JsonNode.Parse(LeadToCrmConfig)!.AsObject()), DefaultTimeout, RetryPolicy.None,
            ConfigJson: JsonNode.Parse(LeadToCrmConfig)!.ToJsonString()),
    ];

    public string? ConfigSchemaJson => ConfigSchema;

    public TimeSpan DefaultTimeout => TimeSpan.FromHours(1);

    public string InputSchemaFor(JsonObject config) => config["input_schema"]?.ToJsonString() ?? AnyObject;

    public ImmutableDictionary<string, string[]> ValidateConfig(JsonObject config, AgentCatalog catalog)
    {
        var errors = ImmutableDictionary<string, string[]>.Empty;
        if (config["input_schema"] is { } input)
        {
            errors = errors.Merge(JsonSchemas.CheckSchema(input, "config.input_schema"));
        }
        var earlier = new HashSet<string>(StringComparer.Ordinal);
        var steps = config["steps"]!.AsArray();
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i]!.AsObject();
            var name = step["name"]!.GetValue<string>();
            var agent = step["agent"]!.GetValue<string>();
            var field = $"config.steps[{i}]";
            if (!earlier.Add(name))
            {
                errors = errors.Add($"{field}.name", [$"Another step is already named '{name}'."]);
            }
            if (catalog.Find(agent) is null)
            {
                errors = errors.Add($"{field}.agent", [$"No agent named '{agent}' is registered."]);
            }
            var references = PipelineTemplate.StepReferences(step["input"]).ToList();
            if (step["for_each"]?.GetValue<string>() is { } forEach)
            {
                references.AddRange(PipelineTemplate.StepReferences(JsonValue.Create(forEach)));
            }
            foreach (var reference in references.Distinct(StringComparer.Ordinal).Where(r => r == name || !earlier.Contains(r)))
            {
                errors = errors.Merge(ImmutableDictionary<string, string[]>.Empty.Add(field, [$"Refers to step '{reference}', which does not come before it."]));
            }
        }
        return errors;
    }

    public ImmutableDictionary<string, string[]> ValidateInput(AgentDescriptor agent, string inputJson)
    {
        var schema = _inputSchemas.GetOrAdd((agent.Name, agent.Version), _ => JsonSchemas.Parse(agent.InputSchemaJson));
        return JsonSchemas.InputErrors(schema, inputJson);
    }

    public IAgentGrain GetGrain(IGrainFactory grains, string agentName) => grains.GetGrainWithKey<IPipelineAgentGrain>(agentName);
}
