using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Aaba.Grains.Agents.Llm;

/// <summary>A configured agent's settings (<c>config</c> of kind <c>llm</c>), already validated by the registry.</summary>
public sealed record LlmAgentConfig(string SystemPrompt, string? Model, ImmutableArray<string> Tools, JsonObject AnswerSchema, int? MaxRounds)
{
    public static LlmAgentConfig Parse(string configJson)
    {
        var config = JsonNode.Parse(configJson)!.AsObject();
        return new LlmAgentConfig(
            config["system_prompt"]!.GetValue<string>(),
            config["model"]?.GetValue<string>(),
            [.. (config["tools"] as JsonArray ?? []).Select(t => t!.GetValue<string>())],
            config["answer_schema"]!.AsObject(),
            config["max_rounds"]?.GetValue<int>());
    }
}
