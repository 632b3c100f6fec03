using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Aaba.Abstractions.Agents.Lead;
using Aaba.Abstractions.Security;
using Aaba.Abstractions.Tasks;
using Aaba.Grains.Security;
using Aaba.Grains.Telemetry;
using Aaba.Grains.Tenancy;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aaba.Grains.Agents.Lead.Llm;

/// <summary>
/// The lead agent's model mode, on Microsoft.Extensions.AI. Per run, a chat pipeline over the shared provider client:
/// <code>
/// LeadToolInvokingChatClient   runs tool calls (whatever the finish reason), records their results
///  └ LlmRoundLimitChatClient   exact limit on model calls; withdraws the tools on the last
///     └ LlmTranscriptChatClient records each reply and its tool calls, sums usage
///        └ LlmBudgetChatClient      the tenant's daily token budget: checked before each call, counted after
///           └ LlmCallPolicyChatClient timeout, retries with Retry-After, error codes, metrics
///              └ OpenTelemetry (GenAI conventions) └ provider (OpenAI SDK or any IChatClient)
/// </code>
/// The provider is the shared one (<c>OPENAI_API_KEY</c>), or, when the agent has its own <c>model_api_key</c>
/// secret, an OpenAI-compatible client with that key (one per key, kept for the process).
/// The final answer is structured output; it is checked for refusal, truncation and schema, then grounded: every fact
/// of a lead comes from the tool result that returned it. One repair request, if a model call is left, tells the
/// model plainly what was wrong.
/// </summary>
public sealed class LlmLeadFinder(
    LeadTools tools,
    LlmCallGate gate,
    AabaMetrics metrics,
    IOptions<LlmOptions> options,
    AgentSecretStore secrets,
    TenantUsage usage,
    IOptions<TenantLimitsOptions> limits,
    IServiceProvider services,
    ILoggerFactory loggers)
{
    private const string SystemPrompt =
        "You find freelance and job leads for the user. Use the search_leads tool (several times with different words " +
        "if useful) and get_lead for details, then answer with the leads that fit, best first. Use only leads that a tool " +
        "returned, with their url exactly as returned; never invent one. For each lead give a fit_score from 0 to 100 " +
        "and one sentence on why it fits. If nothing fits, answer with an empty leads list and say so in the summary.";

    private static readonly ChatResponseFormat AnswerFormat =
        ChatResponseFormat.ForJsonSchema(LeadAnswer.Schema, LeadAnswer.SchemaName, "Leads that fit the query, best first, and a summary.");

    private readonly ILogger _logger = loggers.CreateLogger<LlmLeadFinder>();

    /// <summary>
    /// Resolved on the first model call, so an offline silo never builds a provider client (it has no key). Shared by
    /// every run: the OpenTelemetry layer owns an ActivitySource and a Meter that must live as long as the process.
    /// </summary>
    private readonly Lazy<IChatClient> _provider = new(() => new ChatClientBuilder(services.GetRequiredKeyedService<IChatClient>(LlmProvider.ServiceKey))
        .UseOpenTelemetry(loggers, AabaTracing.SourceName)
        .Build(services));

    /// <summary>Providers built for agents' own model keys, by the key's SHA-256 (never the key itself).</summary>
    private readonly ConcurrentDictionary<string, IChatClient> _agentProviders = new(StringComparer.Ordinal);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(options.Value.ApiKey);

    /// <summary>The model this run's agent uses: its own key's (a <c>model_api_key</c> secret), else the shared one, else none (offline).</summary>
    public async Task<IChatClient?> ProviderForAsync(AgentRunContext context)
    {
        if (await secrets.GetAsync(context.Invocation.Agent, AgentSecretNames.ModelApiKey) is { Length: > 0 } key)
        {
            return _agentProviders.GetOrAdd(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key))),
                _ => new ChatClientBuilder(LlmProvider.CreateOpenAiCompatible(options.Value, key)).UseOpenTelemetry(loggers, AabaTracing.SourceName).Build(services));
        }
        return IsConfigured ? _provider.Value : null;
    }

    public async Task<string> RunAsync(LeadQuery query, AgentRunContext context, IChatClient provider)
    {
        using var slot = await gate.EnterAsync(context);
        return await ConverseAsync(new LlmRun(context, options.Value, query), provider);
    }

    private async Task<string> ConverseAsync(LlmRun run, IChatClient provider)
    {
        var query = run.Query;
        var userPrompt = $"Find up to {query.Limit} leads for: {query.Query}" +
                         (query.Sources.IsDefaultOrEmpty ? "" : $" (only on: {string.Join(", ", query.Sources)})");
        List<ChatMessage> history = [new(ChatRole.System, SystemPrompt), new(ChatRole.User, userPrompt)];
        run.Context.Record(new TranscriptEntry("system", SystemPrompt));
        run.Context.Record(new TranscriptEntry("user", userPrompt));
        var chatOptions = new ChatOptions
        {
            Tools = tools.For(query, run.Ledger),
            ToolMode = ChatToolMode.Auto,
            ResponseFormat = AnswerFormat,
            AdditionalProperties = new() { ["strict"] = true },
        };
        // Not disposed: disposing would dispose the shared provider client beneath it.
        var chat = Pipeline(run, provider);

        var repaired = false;
        while (true)
        {
            var response = await chat.GetResponseAsync(history, chatOptions, run.Context.CancellationToken);
            history.AddRange(response.Messages);
            var verdict = Judge(response, run);
            if (verdict.Answer is { } grounded)
            {
                var model = string.IsNullOrEmpty(response.ModelId) ? run.Settings.Model : response.ModelId;
                return JsonSerializer.Serialize(
                    new LlmLeadResult(query.Query, LlmLeadResult.LlmMode, model, grounded.Summary, grounded.Leads, grounded.Dropped), AabaJson.Options);
            }
            var problem = verdict.Problem!;
            if (problem.Repair is null || repaired || run.RoundsLeft <= 0)
            {
                var why = problem.Repair is null || repaired ? "" : $" No model call was left for a repair request (the limit is {run.Settings.MaxRounds}).";
                run.Context.Record(new TranscriptEntry("error", problem.Message + why));
                throw new AgentException(problem.Code, problem.Message + why);
            }
            repaired = true;
            run.Context.Record(new TranscriptEntry("user", problem.Repair));
            history.Add(new ChatMessage(ChatRole.User, problem.Repair));
        }
    }

    private IChatClient Pipeline(LlmRun run, IChatClient provider) => new ChatClientBuilder(provider)
        .Use(inner => new LeadToolInvokingChatClient(inner, loggers, run))
        .Use(inner => new LlmRoundLimitChatClient(inner, run))
        .Use(inner => new LlmTranscriptChatClient(inner, run))
        .Use(inner => new LlmBudgetChatClient(inner, run, usage, limits.Value))
        .Use(inner => new LlmCallPolicyChatClient(inner, run, metrics, _logger))
        .Build();

    /// <summary>The final reply, read in this order: refusal, truncation, schema, grounding.</summary>
    private static Verdict Judge(ChatResponse response, LlmRun run)
    {
        var query = run.Query;
        var reply = response.Messages.LastOrDefault(m => m.Role == ChatRole.Assistant);
        if (reply?.Contents.OfType<ErrorContent>().FirstOrDefault(e => e.ErrorCode == "Refusal") is { } refusal)
        {
            return new(Problem: new(TaskErrorCodes.LlmRefused, $"The model refused to answer: \"{Shorten(refusal.Message)}\"", null));
        }
        if (response.FinishReason == ChatFinishReason.ContentFilter)
        {
            return new(Problem: new(TaskErrorCodes.LlmRefused, "The provider's content filter stopped the model's answer (finish reason \"content_filter\").", null));
        }
        var text = reply?.Text;
        if (response.FinishReason == ChatFinishReason.Length && !LeadAnswer.TryParse(text, out _, out _))
        {
            return new(Problem: new(TaskErrorCodes.LlmTruncated,
                "The model's answer was cut off at its output token limit (finish reason \"length\") before it was complete.",
                "Your previous answer was cut off at the output token limit before it was complete. Reply again with a shorter " +
                $"answer: only the JSON object, at most {query.Limit} leads, one short sentence per reason and a summary of at most two sentences."));
        }
        if (!LeadAnswer.TryParse(text, out var answer, out var problem))
        {
            return new(Problem: new(TaskErrorCodes.LlmBadOutput,
                $"The model's answer did not fit the answer schema: {problem}.",
                $"Your answer is not valid: {problem}. Reply with only a JSON object like {LeadAnswer.Example}, " +
                "with each url exactly as a tool returned it."));
        }
        var grounded = LeadGrounding.Ground(answer!, query, run.Ledger);
        if (grounded.Grounded)
        {
            return new(Answer: grounded);
        }
        if (!run.Ledger.Consulted)
        {
            return new(Problem: new(TaskErrorCodes.LlmUngrounded,
                "The model answered without consulting any lead source (no search_leads or get_lead call returned a lead), so nothing in its answer can be trusted.",
                $"You answered without calling a tool, so none of your answer can be trusted. Call {LeadTools.SearchLeads} first and answer " +
                "only with leads from its results; if none fits, answer with an empty leads list."));
        }
        var invented = grounded.Invented.Select(d => d.Url).ToList();
        return new(Problem: new(TaskErrorCodes.LlmUngrounded,
            $"None of the {invented.Count} lead(s) the model named was returned by a tool; it invented them.",
            $"None of the leads in your answer was returned by a tool (unknown: {string.Join(", ", invented)}). Use only leads " +
            $"from {LeadTools.SearchLeads} or {LeadTools.GetLead} results, with the url exactly as returned; if none fits, answer with an empty leads list."));
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    private sealed record Verdict(GroundedAnswer? Answer = null, AnswerProblem? Problem = null);

    /// <summary>A final answer that cannot be returned; <c>Repair</c> tells the model how to fix it, null when asking again would not help.</summary>
    private sealed record AnswerProblem(string Code, string Message, string? Repair);
}
