using Aaba.Abstractions.Tasks;
using Aaba.Grains.Tenancy;
using Microsoft.Extensions.AI;

namespace Aaba.Grains.Agents.Lead.Llm;

/// <summary>
/// The tenant's daily model-token budget, per model call: before each call the tenant's usage today (UTC, across
/// every silo) is checked, and a spent budget fails the task with <see cref="TaskErrorCodes.BudgetExhausted"/>
/// without calling the model; after each call its tokens are added. A call that starts under the budget may end
/// over it by that call's tokens.
/// </summary>
public sealed class LlmBudgetChatClient(IChatClient inner, LlmRun run, TenantUsage usage, TenantLimitsOptions limits) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var tenant = run.Context.Invocation.Tenant;
        if (limits.For(tenant).DailyTokenBudget is { } budget && await usage.UsedTodayAsync(tenant) is var used && used >= budget)
        {
            var message = $"The tenant's daily model-token budget is spent ({used} of {budget} tokens today, UTC); the model was not called.";
            run.Context.Record(new TranscriptEntry("error", message));
            throw new AgentException(TaskErrorCodes.BudgetExhausted, message);
        }
        var response = await base.GetResponseAsync(messages, options, cancellationToken);
        var tokens = (response.Usage?.InputTokenCount ?? 0) + (response.Usage?.OutputTokenCount ?? 0);
        if (tokens > 0)
        {
            await usage.AddAsync(tenant, tokens);
        }
        return response;
    }

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The lead agent's model loop does not stream.");
}
