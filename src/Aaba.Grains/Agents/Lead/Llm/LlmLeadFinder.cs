using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Aaba.Abstractions.Tasks;
using Aaba.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI;
using OpenAI.Chat;

namespace Aaba.Grains.Agents.Lead.Llm;

/// <summary>
/// The lead agent's model mode: a tool-calling loop with the official OpenAI SDK. The model gets a system prompt,
/// the user's query and the lead tools; tool calls run against the lead sources and their results go back to the
/// model; the loop ends at a final answer in the answer schema, or forces one after <see cref="LlmOptions.MaxRounds"/>.
/// Every message, tool call, tool result and token count goes into the task's transcript.
/// </summary>
public sealed partial class LlmLeadFinder(
    LeadTools tools,
    LlmCallGate gate,
    AabaMetrics metrics,
    IOptions<LlmOptions> options,
    ILogger<LlmLeadFinder> logger)
{
    private const string SystemPrompt =
        "You find freelance and job leads for the user. Use the search_leads tool (several times with different " +
        "words if useful) and get_lead for details, then answer with the best matches only. Use only leads and URLs " +
        "that a tool returned; never invent one. Score each lead's fit from 0 to 100 and say briefly why it fits.";

    private static readonly ChatResponseFormat AnswerFormat =
        ChatResponseFormat.CreateJsonSchemaFormat("lead_answer", LeadAnswer.Schema, "Leads that fit the query, and a summary.", jsonSchemaIsStrict: true);

    private readonly Lazy<ChatClient> _client = new(() => CreateClient(options.Value));

    public bool IsConfigured => !string.IsNullOrWhiteSpace(options.Value.ApiKey);

    public async Task<string> RunAsync(LeadQuery query, AgentRunContext context)
    {
        var queued = false;
        using var slot = await gate.EnterAsync(position =>
        {
            queued = true;
            context.ReportQueued(position);
        }, context.CancellationToken);
        if (queued)
        {
            context.ReportStarted();
        }
        return await RunLoopAsync(query, context);
    }

    private async Task<string> RunLoopAsync(LeadQuery query, AgentRunContext context)
    {
        var settings = options.Value;
        var userPrompt = $"Find up to {query.Limit} leads for: {query.Query}" +
                         (query.Sources.IsDefaultOrEmpty ? "" : $" (only on: {string.Join(", ", query.Sources)})");
        List<ChatMessage> messages = [new SystemChatMessage(SystemPrompt), new UserChatMessage(userPrompt)];
        context.Record(new TranscriptEntry("system", SystemPrompt));
        context.Record(new TranscriptEntry("user", userPrompt));

        var seen = new Dictionary<string, Lead>(StringComparer.OrdinalIgnoreCase);
        var repaired = false;
        for (var round = 1; ; round++)
        {
            // On the last round the tools are withdrawn, so the model has to answer.
            var lastRound = round >= settings.MaxRounds;
            var request = new ChatCompletionOptions
            {
                ResponseFormat = AnswerFormat,
                ToolChoice = lastRound ? ChatToolChoice.CreateNoneChoice() : ChatToolChoice.CreateAutoChoice(),
            };
            foreach (var tool in LeadTools.Definitions)
            {
                request.Tools.Add(tool);
            }

            context.ReportProgress($"Asking the model (round {round})", new { round });
            var completion = await CompleteAsync(messages, request, context);
            if (completion.FinishReason == ChatFinishReason.ToolCalls && completion.ToolCalls.Count > 0 && !lastRound)
            {
                messages.Add(new AssistantChatMessage(completion));
                foreach (var call in completion.ToolCalls)
                {
                    context.Record(new TranscriptEntry("tool_call", Tool: call.FunctionName, ToolCallId: call.Id, Arguments: call.FunctionArguments.ToString()));
                    context.ReportProgress($"Calling {call.FunctionName}", new { tool = call.FunctionName, arguments = call.FunctionArguments.ToString() });
                    var clock = Stopwatch.StartNew();
                    string result;
                    using (var toolSpan = AabaTracing.StartTaskSpan("aaba.tool.call", null, context.Invocation.TaskId.ToString(), context.Invocation.Agent))
                    {
                        toolSpan?.SetTag("aaba.tool", call.FunctionName);
                        result = await tools.ExecuteAsync(call, seen, context.CancellationToken);
                    }
                    context.Record(new TranscriptEntry("tool_result", result, call.FunctionName, call.Id, DurationMs: clock.Elapsed.TotalMilliseconds));
                    messages.Add(new ToolChatMessage(call.Id, result));
                    context.ReportProgress($"{call.FunctionName} answered; {seen.Count} lead(s) found so far", new { tool = call.FunctionName, leads_so_far = seen.Count });
                }
                continue;
            }

            var text = string.Concat(completion.Content.Select(part => part.Text));
            if (LeadAnswer.TryParse(text, out var answer, out var problem))
            {
                // The model the server says answered, which may differ from the one asked for (aliases, deployments).
                return BuildResult(query, answer!, seen, string.IsNullOrEmpty(completion.Model) ? settings.Model : completion.Model);
            }
            if (repaired)
            {
                throw new AgentException(TaskErrorCodes.LlmBadOutput, $"The model's answer did not fit the answer schema, even after a repair request: {problem}.");
            }
            repaired = true;
            var repair = $"Your answer is not valid: {problem}. Reply again with only a JSON object that matches the lead_answer schema.";
            context.Record(new TranscriptEntry("user", repair));
            messages.Add(new AssistantChatMessage(text));
            messages.Add(new UserChatMessage(repair));
        }
    }

    /// <summary>One model call, with the per-silo concurrency limit, the request timeout and retries of transient failures.</summary>
    private async Task<ChatCompletion> CompleteAsync(List<ChatMessage> messages, ChatCompletionOptions request, AgentRunContext context)
    {
        var settings = options.Value;
        for (var retry = 0; ; retry++)
        {
            using var timeout = new CancellationTokenSource(settings.RequestTimeout, context.Time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, timeout.Token);
            var clock = Stopwatch.StartNew();
            using var span = AabaTracing.StartTaskSpan("aaba.llm.call", null, context.Invocation.TaskId.ToString(), context.Invocation.Agent);
            span?.SetTag("gen_ai.request.model", settings.Model);
            TimeSpan? delay;
            string failure;
            try
            {
                var completion = (await _client.Value.CompleteChatAsync(messages, request, linked.Token)).Value;
                var promptTokens = completion.Usage?.InputTokenCount ?? 0;
                var completionTokens = completion.Usage?.OutputTokenCount ?? 0;
                context.AddUsage(promptTokens, completionTokens);
                span?.SetTag("gen_ai.response.model", completion.Model);
                span?.SetTag("gen_ai.usage.input_tokens", promptTokens);
                span?.SetTag("gen_ai.usage.output_tokens", completionTokens);
                metrics.LlmCall(settings.Model, "ok", clock.Elapsed, promptTokens, completionTokens);
                context.Record(new TranscriptEntry(
                    "assistant",
                    string.Concat(completion.Content.Select(part => part.Text)) is { Length: > 0 } text ? text : null,
                    PromptTokens: promptTokens, CompletionTokens: completionTokens,
                    DurationMs: clock.Elapsed.TotalMilliseconds, Model: completion.Model));
                return completion;
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
            {
                metrics.LlmCall(settings.Model, "timeout", clock.Elapsed, 0, 0);
                context.Record(new TranscriptEntry("error", $"The model did not answer within {settings.RequestTimeout.TotalSeconds:0.#} s.", DurationMs: clock.Elapsed.TotalMilliseconds));
                throw new AgentException(TaskErrorCodes.LlmTimeout, $"The model did not answer within {settings.RequestTimeout.TotalSeconds:0.#} s.");
            }
            catch (ClientResultException exception) when (exception.Status is 401 or 403)
            {
                metrics.LlmCall(settings.Model, "auth", clock.Elapsed, 0, 0);
                context.Record(new TranscriptEntry("error", $"HTTP {exception.Status}: credentials rejected."));
                throw new AgentException(TaskErrorCodes.LlmAuth, $"The model provider rejected the credentials (HTTP {exception.Status}). Check OPENAI_API_KEY.");
            }
            catch (ClientResultException exception) when (exception.Status is 429 or >= 500 or 0)
            {
                failure = exception.Status == 0 ? "no response" : $"HTTP {exception.Status}";
                delay = RetryAfter(exception);
            }
            catch (HttpRequestException exception)
            {
                failure = $"network error ({exception.HttpRequestError})";
                delay = null;
            }
            catch (ClientResultException exception)
            {
                metrics.LlmCall(settings.Model, "rejected", clock.Elapsed, 0, 0);
                context.Record(new TranscriptEntry("error", $"HTTP {exception.Status}: request rejected."));
                throw new AgentException(TaskErrorCodes.AgentError, $"The model provider refused the request (HTTP {exception.Status}).");
            }

            metrics.LlmCall(settings.Model, "unavailable", clock.Elapsed, 0, 0);
            if (retry >= settings.MaxRetries)
            {
                context.Record(new TranscriptEntry("error", $"{failure}; giving up after {retry + 1} tries."));
                throw new AgentException(TaskErrorCodes.LlmUnavailable, $"The model was unavailable ({failure}) after {retry + 1} tries.");
            }
            var wait = Min(delay ?? Backoff(retry), settings.MaxRetryDelay);
            context.Record(new TranscriptEntry("error", $"{failure}; retrying in {wait.TotalSeconds:0.##} s."));
            LogRetrying(logger, context.Invocation.TaskId, failure, wait.TotalSeconds);
            await Task.Delay(wait, context.Time, context.CancellationToken);
        }
    }

    private static string BuildResult(LeadQuery query, LeadAnswer answer, Dictionary<string, Lead> seen, string model)
    {
        var leads = answer.Leads
            .Where(pick => seen.ContainsKey(pick.Url))
            .DistinctBy(pick => pick.Url, StringComparer.OrdinalIgnoreCase)
            .Take(query.Limit)
            .Select(pick => new LlmLead(seen[pick.Url].Id, pick.Title, pick.Source, seen[pick.Url].Url, pick.Budget, pick.FitScore, pick.Reason))
            .ToList();
        var dropped = answer.Leads
            .Where(pick => !seen.ContainsKey(pick.Url))
            .Select(pick => new DroppedLead(pick.Url, pick.Title, "No tool returned this URL; the model invented it."))
            .ToList();
        return JsonSerializer.Serialize(new LlmResult(query.Query, "llm", model, answer.Summary, leads, dropped), AabaJson.Options);
    }

    /// <summary>Seconds or an HTTP date in Retry-After (also the OpenAI-style retry-after-ms).</summary>
    private static TimeSpan? RetryAfter(ClientResultException exception)
    {
        var headers = exception.GetRawResponse()?.Headers;
        if (headers is null)
        {
            return null;
        }
        if (headers.TryGetValue("retry-after-ms", out var ms) && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds))
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }
        if (headers.TryGetValue("Retry-After", out var value))
        {
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            {
                return TimeSpan.FromSeconds(seconds);
            }
            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                return at - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
        }
        return null;
    }

    /// <summary>Exponential backoff with full jitter: up to 0.5 s, 1 s, 2 s, 4 s…</summary>
    private static TimeSpan Backoff(int retry) =>
        TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * 500 * Math.Pow(2, retry));

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static ChatClient CreateClient(LlmOptions settings)
    {
        var clientOptions = new OpenAIClientOptions
        {
            // Retries and the per-call timeout are ours (above), so failures map to Aaba's error codes.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = settings.RequestTimeout + TimeSpan.FromSeconds(5),
        };
        if (!string.IsNullOrWhiteSpace(settings.BaseUrl))
        {
            clientOptions.Endpoint = new Uri(settings.BaseUrl);
        }
        return new ChatClient(settings.Model, new ApiKeyCredential(settings.ApiKey!), clientOptions);
    }

    private sealed record LlmResult(string Query, string Mode, string Model, string Summary, IReadOnlyList<LlmLead> Leads, IReadOnlyList<DroppedLead> DroppedLeads);

    private sealed record LlmLead(string LeadId, string Title, string Source, string Url, string? Budget, double FitScore, string? Reason);

    private sealed record DroppedLead(string Url, string Title, string Reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId}: model call failed ({Failure}); retrying in {DelaySeconds} s")]
    private static partial void LogRetrying(ILogger logger, TaskId taskId, string failure, double delaySeconds);
}
