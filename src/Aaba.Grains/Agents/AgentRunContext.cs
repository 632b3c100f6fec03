using System.Text.Json;
using Aaba.Abstractions.Agents;
using Aaba.Abstractions.Tasks;

namespace Aaba.Grains.Agents;

/// <summary>
/// What an agent run gets besides its input: the cancellation token (timeout, shutdown) and a recorder for its
/// transcript and token usage. The runner attaches both to the outcome, whether the run succeeds or fails.
/// Safe to use from parallel tool calls.
/// </summary>
public sealed class AgentRunContext(AgentInvocation invocation, TimeProvider time, CancellationToken cancellationToken, ITaskGrain task)
{
    private readonly Lock _gate = new();
    private readonly List<TranscriptEntry> _entries = [];
    private long _promptTokens;
    private long _completionTokens;

    public AgentInvocation Invocation { get; } = invocation;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public TimeProvider Time { get; } = time;

    /// <summary>
    /// Tells the task's watchers what the agent is doing ("searching upwork", "found 7 leads"). Fire and forget:
    /// progress is informational and never fails or slows the run.
    /// </summary>
    public void ReportProgress(string message, object? data = null)
    {
        var dataJson = data is null ? null : JsonSerializer.Serialize(data, AabaJson.Options);
        Send(task.ReportProgressAsync(Invocation.Attempt, message, dataJson));
    }

    /// <summary>The agent holds this run in its queue (a concurrency limit is reached): the task reads queued, at <paramref name="position"/>.</summary>
    public void ReportQueued(int position) => Send(task.ReportQueuedAsync(Invocation.Attempt, position));

    /// <summary>The agent starts this run after holding it in its queue.</summary>
    public void ReportStarted() => Send(task.ReportStartedAsync(Invocation.Attempt));

    /// <summary>Reports are one-way and best effort; the outcome report is what counts.</summary>
    private static void Send(Task report) => _ = report.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);

    public void Record(TranscriptEntry entry)
    {
        lock (_gate)
        {
            _entries.Add(entry with { At = Time.GetUtcNow() });
        }
    }

    public void AddUsage(long promptTokens, long completionTokens)
    {
        Interlocked.Add(ref _promptTokens, promptTokens);
        Interlocked.Add(ref _completionTokens, completionTokens);
    }

    /// <summary>Usage, or null when the agent called no model.</summary>
    public TaskUsage? Usage =>
        Interlocked.Read(ref _promptTokens) == 0 && Interlocked.Read(ref _completionTokens) == 0
            ? null
            : new TaskUsage(Interlocked.Read(ref _promptTokens), Interlocked.Read(ref _completionTokens));

    /// <summary>The transcript as a JSON array, or null when nothing was recorded.</summary>
    public string? TranscriptJson()
    {
        lock (_gate)
        {
            return _entries.Count == 0 ? null : JsonSerializer.Serialize(_entries, AabaJson.Options);
        }
    }
}
