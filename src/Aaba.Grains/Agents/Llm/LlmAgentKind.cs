using Aaba.Abstractions;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aaba.Abstractions.Agents;
using Aaba.Abstractions.Tasks;
using Aaba.Grains.Agents.Lead.Llm;
using Json.Schema;
using Microsoft.Extensions.Options;

namespace Aaba.Grains.Agents.Llm;

/// <summary>
/// An agent made of configuration: a system prompt, a model, tools from the catalogue (<see cref="AgentToolCatalog"/>)
/// and the JSON Schema of its answer (and, optionally, of its input; by default <c>{"text": "…"}</c>). It runs the lead
/// agent's tool-calling loop, transcript, failure codes and token accounting. A new agent is one <c>PUT</c>.
/// </summary>
public sealed class LlmAgentKind(IOptions<LlmOptions> llm) : IAgentKind
{
    /// <summary>The input of an agent that names no <c>input_schema</c>.</summary>
    public const string DefaultInputSchema =
        """{"type":"object","required":["text"],"additionalProperties":false,"properties":{"text":{"type":"string","minLength":1,"maxLength":100000,"description":"What the agent works on."}}}""";

    private const string Schema = """
        {
          "type": "object",
          "additionalProperties": false,
          "required": ["system_prompt", "answer_schema"],
          "properties": {
            "system_prompt": {"type": "string", "minLength": 1, "maxLength": 20000, "description": "What the model is told it is and does."},
            "model": {"type": "string", "minLength": 1, "maxLength": 200, "description": "The model to ask (default: OPENAI_MODEL)."},
            "tools": {"type": "array", "uniqueItems": true, "maxItems": 4, "items": {"type": "string"}, "description": "Tools from the catalogue: search_leads, get_lead, fetch_page, enrich_company."},
            "answer_schema": {"type": "object", "description": "The JSON Schema of the answer (an object); the result is the model's answer, validated against it."},
            "input_schema": {"type": "object", "description": "The JSON Schema of a run's input (default: {\"text\": string})."},
            "max_rounds": {"type": "integer", "minimum": 1, "maximum": 20, "description": "Model calls per task (default: AABA_LLM_MAX_ROUNDS)."}
          }
        }
        """;

    /// <summary>Compiled input schemas by agent and version: a registration's schema is parsed once per silo.</summary>
    private readonly ConcurrentDictionary<(string, long), JsonSchema> _inputSchemas = new();

    public string Kind => AgentKindNames.Llm;

    public string Description => "An agent made of configuration: system prompt, model, tools from a catalogue and the JSON Schema of its answer.";

    public IEnumerable<AgentDescriptor> BuiltInAgents => [];

    public string? ConfigSchemaJson => Schema;

    public TimeSpan DefaultTimeout => TimeSpan.FromMinutes(5);

    public RetryPolicy DefaultRetry => new(llm.Value.TaskMaxAttempts, llm.Value.TaskRetryDelay, TimeSpan.FromMinutes(1),
        [TaskErrorCodes.LlmUnavailable, TaskErrorCodes.LlmTimeout]);

    public ImmutableDictionary<string, string[]> ValidateConfig(JsonObject config, AgentCatalog catalog)
    {
        var errors = ImmutableDictionary<string, string[]>.Empty;
        if (config["tools"] is JsonArray tools)
        {
            for (var i = 0; i < tools.Count; i++)
            {
                var tool = tools[i]!.GetValue<string>();
                if (!AgentToolCatalog.Names.Contains(tool))
                {
                    errors = errors.Add($"config.tools[{i}]", [$"Unknown tool '{tool}'. Tools: {string.Join(", ", AgentToolCatalog.Names.Order(StringComparer.Ordinal))}."]);
                }
            }
        }
        errors = errors.Merge(JsonSchemas.CheckSchema(config["answer_schema"], "config.answer_schema"));
        if (config["answer_schema"] is JsonObject answer && answer["type"]?.GetValueKind() == JsonValueKind.String && answer["type"]!.GetValue<string>() != "object")
        {
            errors = errors.Merge(ImmutableDictionary<string, string[]>.Empty.Add("config.answer_schema.type", ["The answer must be an object (\"type\": \"object\")."]));
        }
        if (config["input_schema"] is { } input)
        {
            errors = errors.Merge(JsonSchemas.CheckSchema(input, "config.input_schema"));
        }
        return errors;
    }

    public string InputSchemaFor(JsonObject config) => config["input_schema"]?.ToJsonString() ?? DefaultInputSchema;

    public ImmutableDictionary<string, string[]> ValidateInput(AgentDescriptor agent, string inputJson)
    {
        JsonNode? input;
        try
        {
            input = JsonNode.Parse(inputJson);
        }
        catch (JsonException)
        {
            return ImmutableDictionary<string, string[]>.Empty.Add("$", ["The input must be a JSON object."]);
        }
        var schema = _inputSchemas.GetOrAdd((agent.Name, agent.Version), _ => JsonSchemas.Parse(agent.InputSchemaJson));
        return JsonSchemas.Errors(schema, input, "");
    }

    public IAgentGrain GetGrain(IGrainFactory grains, string agentName) => grains.GetGrainWithKey<ILlmAgentGrain>(agentName);
}
