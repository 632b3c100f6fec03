using System.ClientModel;
using System.Diagnostics;
using System.Net;
using Aaba.Abstractions.Tasks;
using Aaba.Grains.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Aaba.Grains.Agents.Lead.Llm;

/// <summary>
/// One model call as Aaba wants it whatever the provider: a per-call timeout (<see cref="TaskErrorCodes.LlmTimeout"/>),
/// retries of 408/429/5xx and network failures honouring the server's Retry-After within
/// <see cref="LlmOptions.MaxRetryDelay"/> (<see cref="TaskErrorCodes.LlmUnavailable"/> when they run out), rejected
/// credentials as <see cref="TaskErrorCodes.LlmAuth"/>, and the call metrics. Cancellation of the task reaches the
/// HTTP request. Messages never carry the key or the provider's error text.
/// </summary>
public sealed partial class LlmCallPolicyChatClient(IChatClient inner, LlmRun run, AabaMetrics metrics, ILogger logger) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var settings = run.Settings;
        var context = run.Context;
        var sent = messages as IReadOnlyCollection<ChatMessage> ?? [.. messages];
        for (var retry = 0; ; retry++)
        {
            using var timeout = new CancellationTokenSource(settings.RequestTimeout, context.Time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            var clock = Stopwatch.StartNew();
            // Parent of the gen_ai "chat" span the OpenTelemetry middleware below opens, and carrier of the task id.
            using var span = AabaTracing.StartTaskSpan("aaba.llm.call", null, run.TaskId, run.Agent);
            span?.SetTag("gen_ai.request.model", settings.Model);
            string failure;
            TimeSpan wait;
            try
            {
                var response = await base.GetResponseAsync(sent, options, linked.Token);
                var promptTokens = response.Usage?.InputTokenCount ?? 0;
                var completionTokens = response.Usage?.OutputTokenCount ?? 0;
                span?.SetTag("gen_ai.response.model", response.ModelId);
                span?.SetTag("gen_ai.usage.input_tokens", promptTokens);
                span?.SetTag("gen_ai.usage.output_tokens", completionTokens);
                metrics.LlmCall(settings.Model, "ok", clock.Elapsed, promptTokens, completionTokens);
                return response;
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                metrics.LlmCall(settings.Model, "timeout", clock.Elapsed, 0, 0);
                var message = $"The model did not answer within {settings.RequestTimeout.TotalSeconds:0.#} s.";
                context.Record(new TranscriptEntry("error", message, DurationMs: clock.Elapsed.TotalMilliseconds));
                throw new AgentException(TaskErrorCodes.LlmTimeout, message);
            }
            catch (Exception exception) when (Status(exception) is 401 or 403)
            {
                metrics.LlmCall(settings.Model, "auth", clock.Elapsed, 0, 0);
                context.Record(new TranscriptEntry("error", $"HTTP {Status(exception)}: credentials rejected."));
                throw new AgentException(TaskErrorCodes.LlmAuth, $"The model provider rejected the credentials (HTTP {Status(exception)}). Check OPENAI_API_KEY, or the agent's model_api_key secret.");
            }
            catch (Exception exception) when (IsTransient(exception))
            {
                failure = Status(exception) is { } status and > 0 ? $"HTTP {status}" : "no response";
                var headers = (exception as ClientResultException)?.GetRawResponse()?.Headers;
                string? retryAfterMs = null, retryAfter = null;
                _ = headers?.TryGetValue("retry-after-ms", out retryAfterMs);
                _ = headers?.TryGetValue("Retry-After", out retryAfter);
                wait = RetryAfter.Delay(retryAfterMs, retryAfter, retry, settings.MaxRetryDelay, context.Time.GetUtcNow());
            }
            catch (Exception exception) when (Status(exception) is { } status and > 0)
            {
                metrics.LlmCall(settings.Model, "rejected", clock.Elapsed, 0, 0);
                context.Record(new TranscriptEntry("error", $"HTTP {status}: request rejected."));
                throw new AgentException(TaskErrorCodes.AgentError, $"The model provider refused the request (HTTP {status}).");
            }

            metrics.LlmCall(settings.Model, "unavailable", clock.Elapsed, 0, 0);
            if (retry >= settings.MaxRetries)
            {
                context.Record(new TranscriptEntry("error", $"{failure}; giving up after {retry + 1} tries."));
                throw new AgentException(TaskErrorCodes.LlmUnavailable, $"The model was unavailable ({failure}) after {retry + 1} tries.");
            }
            context.Record(new TranscriptEntry("error", $"{failure}; retrying in {wait.TotalSeconds:0.##} s."));
            LogRetrying(logger, context.Invocation.TaskId, failure, wait.TotalSeconds);
            await Task.Delay(wait, context.Time, cancellationToken);
        }
    }

    /// <summary>The HTTP status of a provider failure (0: no response), from the OpenAI SDK or a plain HttpClient; null when it is not one.</summary>
    private static int? Status(Exception exception) => exception switch
    {
        ClientResultException result => result.Status,
        HttpRequestException http => http.StatusCode is { } code ? (int)code : 0,
        _ => null,
    };

    private static bool IsTransient(Exception exception) =>
        Status(exception) is 0 or (int)HttpStatusCode.RequestTimeout or (int)HttpStatusCode.TooManyRequests or >= 500;

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The lead agent's model loop does not stream.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId}: model call failed ({Failure}); retrying in {DelaySeconds} s")]
    private static partial void LogRetrying(ILogger logger, TaskId taskId, string failure, double delaySeconds);
}
