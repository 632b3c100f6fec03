using System.Text.Json;
using Aaba.Abstractions.Tasks;
using Aaba.Grains.Tasks;

namespace Aaba.Grains.Agents;

/// <summary>
/// What an agent run gets besides its input: the cancellation token (timeout, shutdown) and a recorder for its
/// transcript and token usage. The runner attaches both to the outcome, whether the run succeeds or fails.
/// Safe to use from parallel tool calls.
/// </summary>
public sealed class AgentRunContext(AgentInvocation invocation, TimeProvider time, CancellationToken cancellationToken, ITaskRunGrain task)
{
    private readonly Lock _gate = new();
    private readonly List<TranscriptEntry> _entries = [];
    private readonly List<ProgressReport> _progress = [];
    private long _promptTokens;
    private long _completionTokens;

    public AgentInvocation Invocation { get; } = invocation;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public TimeProvider Time { get; } = time;

    /// <summary>
    /// Tells the task's watchers what the agent is doing ("searching upwork", "found 7 leads"). Fire and forget:
    /// progress is informational and never fails or slows the run. Steps are sent in batches, at most
    /// <see cref="ProgressBatchDelay"/> after the first of a batch; a run that ends sooner sends them with its outcome,
    /// so a quick run costs no progress calls at all.
    /// </summary>
    public void ReportProgress(string message, object? data = null)
    {
        var report = new ProgressReport(message, data is null ? null : JsonSerializer.Serialize(data, AabaJson.Options), Time.GetUtcNow());
        lock (_gate)
        {
            _progress.Add(report);
            if (_progress.Count > 1)
            {
                return;
            }
        }
        _ = SendProgressLaterAsync();
    }

    /// <summary>How long a progress step may wait to be sent with the ones after it.</summary>
    public static readonly TimeSpan ProgressBatchDelay = TimeSpan.FromMilliseconds(100);

    private async Task SendProgressLaterAsync()
    {
        try
        {
            await Task.Delay(ProgressBatchDelay, Time, CancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The run is over or stopped: its outcome carries what is left, or nothing is reported.
            return;
        }
        var batch = TakeProgress();
        if (batch is not null)
        {
            Send(task.ReportProgressAsync(Invocation.Attempt, batch));
        }
    }

    /// <summary>The steps not sent yet (null when none); the runner attaches them to the outcome.</summary>
    public IReadOnlyList<ProgressReport>? TakeProgress()
    {
        lock (_gate)
        {
            if (_progress.Count == 0)
            {
                return null;
            }
            var batch = _progress.ToArray();
            _progress.Clear();
            return batch;
        }
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
