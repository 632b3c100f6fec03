using Aaba.Abstractions.Tasks;
using Microsoft.Extensions.AI;

namespace Aaba.Grains.Agents.Lead.Llm;

/// <summary>
/// The exact limit on model calls per task (<see cref="LlmOptions.MaxRounds"/>), counted across the tool loop and any
/// repair request. The last allowed call withdraws the tools (tool choice "none") so the model has to answer; a
/// model that still asks for tools then ends the task with <see cref="TaskErrorCodes.LlmRoundLimit"/>, after those
/// calls are in the transcript (the layer below records them).
/// </summary>
public sealed class LlmRoundLimitChatClient(IChatClient inner, LlmRun run) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var limit = run.Settings.MaxRounds;
        var round = run.StartRound();
        if (round > limit)
        {
            throw RoundLimit(limit, "it was asked for another call");
        }
        var last = round == limit;
        if (last && options is { Tools.Count: > 0 })
        {
            options = options.Clone();
            options.ToolMode = ChatToolMode.None;
        }
        run.Context.ReportProgress($"Asking the model (round {round})", new { round });
        var response = await base.GetResponseAsync(messages, options, cancellationToken);
        if (last && response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Select(c => c.Name).ToList() is { Count: > 0 } asked)
        {
            var reason = $"the last one still asked for {string.Join(", ", asked)} instead of answering; those calls were not run";
            run.Context.Record(new TranscriptEntry("error", $"Round limit: {reason}."));
            throw RoundLimit(limit, reason);
        }
        return response;
    }

    private static AgentException RoundLimit(int limit, string reason) => new(TaskErrorCodes.LlmRoundLimit,
        $"The model did not give a final answer within {limit} model calls, the limit per task (AABA_LLM_MAX_ROUNDS): {reason}.");

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The lead agent's model loop does not stream.");
}
