using System.Text.Json;
using System.Text.Json.Nodes;
using Aaba.Abstractions.Tasks;
using Aaba.Grains.Agents.Lead;
using Aaba.Grains.Agents.Lead.Llm;
using Aaba.Grains.Telemetry;
using Aaba.Grains.Tenancy;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aaba.Grains.Agents.Llm;

/// <summary>
/// One run of a configured agent: its system prompt, the run's input as the user message, its tools, and its answer
/// schema as structured output, through the same chat pipeline as the lead agent (tool loop, exact round limit,
/// transcript and usage, the tenant's token budget, timeouts and retries with their failure codes). The answer is
/// checked for refusal and truncation, parsed and validated against the answer schema with one repair request;
/// the result is the answer itself.
/// </summary>
public sealed class LlmAgent(
    LlmLeadFinder models,
    AgentToolCatalog tools,
    LlmCallGate calls,
    AgentConcurrencyGate concurrency,
    AabaMetrics metrics,
    IOptions<LlmOptions> options,
    TenantUsage usage,
    IOptions<TenantLimitsOptions> limits,
    ILoggerFactory loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger<LlmAgent>();

    public async Task<string> RunAsync(AgentRunContext context)
    {
        var descriptor = context.Invocation.Descriptor
            ?? throw new AgentException(TaskErrorCodes.AgentError, "The run carries no agent configuration.");
        var config = LlmAgentConfig.Parse(descriptor.ConfigJson ?? "{}");
        var provider = await models.ProviderForAsync(context)
            ?? throw new AgentException(TaskErrorCodes.LlmUnavailable, "No model is configured: set OPENAI_API_KEY, or the agent's model_api_key secret.");
        using var slot = await concurrency.EnterAsync(context);
        using var call = await calls.EnterAsync(context);
        var settings = Settings(options.Value, config);
        var run = new LlmRun(context, settings, new LeadQuery("", [], LeadAgentInput.DefaultLimit));
        var answerSchema = JsonSchemas.Parse(config.AnswerSchema.ToJsonString());
        var userPrompt = context.Invocation.InputJson;
        List<ChatMessage> history = [new(ChatRole.System, config.SystemPrompt), new(ChatRole.User, userPrompt)];
        context.Record(new TranscriptEntry("system", config.SystemPrompt));
        context.Record(new TranscriptEntry("user", userPrompt));
        var chatOptions = new ChatOptions
        {
            ModelId = config.Model,
            ResponseFormat = ChatResponseFormat.ForJsonSchema(JsonDocument.Parse(config.AnswerSchema.ToJsonString()).RootElement.Clone(), "answer", $"The answer of agent {descriptor.Name}."),
            // User schemas need not meet strict mode's rules (every property required, no extras).
            AdditionalProperties = new() { ["strict"] = false },
        };
        if (!config.Tools.IsDefaultOrEmpty)
        {
            chatOptions.Tools = tools.For(config.Tools, run);
            chatOptions.ToolMode = ChatToolMode.Auto;
        }
        var chat = new ChatClientBuilder(provider)
            .Use(inner => new LeadToolInvokingChatClient(inner, loggers, run))
            .Use(inner => new LlmRoundLimitChatClient(inner, run))
            .Use(inner => new LlmTranscriptChatClient(inner, run))
            .Use(inner => new LlmBudgetChatClient(inner, run, usage, limits.Value))
            .Use(inner => new LlmCallPolicyChatClient(inner, run, metrics, _logger))
            .Build();

        var repaired = false;
        while (true)
        {
            var response = await chat.GetResponseAsync(history, chatOptions, context.CancellationToken);
            history.AddRange(response.Messages);
            var (answer, problem, repair) = Judge(response, answerSchema);
            if (answer is not null)
            {
                return answer.ToJsonString(AabaJson.Options);
            }
            if (repair is null || repaired || run.RoundsLeft <= 0)
            {
                context.Record(new TranscriptEntry("error", problem));
                throw new AgentException(Code(problem!), problem!);
            }
            repaired = true;
            context.Record(new TranscriptEntry("user", repair));
            history.Add(new ChatMessage(ChatRole.User, repair));
        }
    }

    private static LlmOptions Settings(LlmOptions shared, LlmAgentConfig config) => new()
    {
        ApiKey = shared.ApiKey,
        BaseUrl = shared.BaseUrl,
        Model = config.Model ?? shared.Model,
        RequestTimeout = shared.RequestTimeout,
        MaxRounds = config.MaxRounds ?? shared.MaxRounds,
        MaxRetries = shared.MaxRetries,
        MaxRetryDelay = shared.MaxRetryDelay,
        TaskMaxAttempts = shared.TaskMaxAttempts,
        TaskRetryDelay = shared.TaskRetryDelay,
        MaxConcurrentCalls = shared.MaxConcurrentCalls,
    };

    /// <summary>The answer, or what is wrong with it and (when asking again may help) the repair request.</summary>
    private static (JsonObject? Answer, string? Problem, string? Repair) Judge(ChatResponse response, Json.Schema.JsonSchema schema)
    {
        var reply = response.Messages.LastOrDefault(m => m.Role == ChatRole.Assistant);
        if (reply?.Contents.OfType<ErrorContent>().FirstOrDefault(e => e.ErrorCode == "Refusal") is { } refusal)
        {
            return (null, $"{TaskErrorCodes.LlmRefused}: The model refused to answer: \"{Shorten(refusal.Message)}\"", null);
        }
        if (response.FinishReason == ChatFinishReason.ContentFilter)
        {
            return (null, $"{TaskErrorCodes.LlmRefused}: The provider's content filter stopped the model's answer.", null);
        }
        JsonNode? parsed = null;
        try
        {
            parsed = JsonNode.Parse(reply?.Text is { Length: > 0 } text ? text : "null");
        }
        catch (JsonException)
        {
            // Judged below.
        }
        if (parsed is not JsonObject answer)
        {
            return response.FinishReason == ChatFinishReason.Length
                ? (null, $"{TaskErrorCodes.LlmTruncated}: The model's answer was cut off at its output token limit before it was complete.",
                    "Your previous answer was cut off before it was complete. Reply again, shorter: only the JSON object.")
                : (null, $"{TaskErrorCodes.LlmBadOutput}: The model's answer is not a JSON object.",
                    "Your answer is not valid: reply with only a JSON object that fits the answer schema.");
        }
        var errors = JsonSchemas.Errors(schema, answer, "answer");
        if (!errors.IsEmpty)
        {
            var what = string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));
            return (null, $"{TaskErrorCodes.LlmBadOutput}: The model's answer did not fit the answer schema: {Shorten(what)}",
                $"Your answer is not valid: {Shorten(what)}. Reply with only a JSON object that fits the answer schema.");
        }
        return (answer, null, null);
    }

    private static string Code(string problem) => problem[..problem.IndexOf(':', StringComparison.Ordinal)];

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
