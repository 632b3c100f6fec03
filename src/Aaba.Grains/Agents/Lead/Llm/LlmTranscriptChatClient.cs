using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Aaba.Grains.Agents.Lead.Llm;

/// <summary>
/// Records each model reply in the task's transcript as it arrives (its text, tokens, model and duration, then every
/// tool call it carries, whatever the finish reason), and adds its tokens to the task's usage: exactly once per
/// model call, retries included in the duration only.
/// </summary>
public sealed class LlmTranscriptChatClient(IChatClient inner, LlmRun run) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var response = await base.GetResponseAsync(messages, options, cancellationToken);
        var promptTokens = response.Usage?.InputTokenCount ?? 0;
        var completionTokens = response.Usage?.OutputTokenCount ?? 0;
        run.Context.AddUsage(promptTokens, completionTokens);
        var text = string.Concat(response.Messages.Where(m => m.Role == ChatRole.Assistant).Select(m => m.Text));
        run.Context.Record(new TranscriptEntry(
            "assistant", text.Length > 0 ? text : null,
            PromptTokens: promptTokens, CompletionTokens: completionTokens,
            DurationMs: clock.Elapsed.TotalMilliseconds, Model: response.ModelId));
        foreach (var call in response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>())
        {
            run.Context.Record(new TranscriptEntry("tool_call", Tool: call.Name, ToolCallId: call.CallId, Arguments: RawArguments(call)));
        }
        return response;
    }

    /// <summary>The arguments as the model wrote them, when the provider kept them (even if they are not JSON).</summary>
    public static string RawArguments(FunctionCallContent call) => call.RawRepresentation switch
    {
        OpenAI.Chat.ChatToolCall openAi => openAi.FunctionArguments.ToString(),
        _ => JsonSerializer.Serialize(call.Arguments, AIJsonUtilities.DefaultOptions),
    };

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The lead agent's model loop does not stream.");
}
