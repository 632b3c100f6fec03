using System.Collections.Concurrent;

namespace Aaba.Grains.Agents.Lead.Llm;

/// <summary>
/// One lead task's model conversation: its run context (transcript, usage, progress, cancellation), the settings it
/// started with, the leads its tools returned and the model calls it has made. The per-run pieces of the chat
/// pipeline share it.
/// </summary>
public sealed class LlmRun(AgentRunContext context, LlmOptions settings, LeadQuery query)
{
    private int _rounds;
    private readonly ConcurrentDictionary<string, TimeSpan> _toolDurations = new(StringComparer.Ordinal);

    public AgentRunContext Context { get; } = context;

    public LlmOptions Settings { get; } = settings;

    public LeadQuery Query { get; } = query;

    public LeadLedger Ledger { get; } = new();

    /// <summary>Model calls made so far (a retried HTTP request is still one call).</summary>
    public int Rounds => Volatile.Read(ref _rounds);

    public int RoundsLeft => Settings.MaxRounds - Rounds;

    /// <summary>Counts a model call and returns its number, from 1.</summary>
    public int StartRound() => Interlocked.Increment(ref _rounds);

    public string TaskId => Context.Invocation.TaskId.ToString();

    public string Agent => Context.Invocation.Agent;

    public void RecordToolDuration(string callId, TimeSpan duration) => _toolDurations[callId] = duration;

    public double? ToolDurationMs(string callId) => _toolDurations.TryRemove(callId, out var duration) ? duration.TotalMilliseconds : null;
}
