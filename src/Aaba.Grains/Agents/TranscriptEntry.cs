namespace Aaba.Grains.Agents;

/// <summary>
/// One step of an agent run: a message to or from the model, a tool call, a tool result, or an error.
/// Only what the agent chose to record; never a credential. <c>Type</c> is one of system, user, assistant,
/// tool_call, tool_result, error.
/// </summary>
public sealed record TranscriptEntry(
    string Type,
    string? Content = null,
    string? Tool = null,
    string? ToolCallId = null,
    string? Arguments = null,
    long? PromptTokens = null,
    long? CompletionTokens = null,
    double? DurationMs = null,
    string? Model = null)
{
    /// <summary>Stamped by <see cref="AgentRunContext.Record"/>.</summary>
    public DateTimeOffset At { get; init; }
}
