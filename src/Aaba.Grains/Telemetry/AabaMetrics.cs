using System.Diagnostics.Metrics;
using Aaba.Abstractions.Tasks;

namespace Aaba.Grains.Telemetry;

/// <summary>
/// Aaba's own instruments (meter <c>Aaba</c>). Tags stay low-cardinality: agent name, status, error code; never a task id.
/// Exported to Prometheus as <c>aaba_tasks_submitted_total</c>, <c>aaba_tasks_finished_total</c>, <c>aaba_tasks_running</c>,
/// <c>aaba_task_duration_seconds</c>, <c>aaba_task_queue_wait_seconds</c>, <c>aaba_task_retries_total</c>,
/// <c>aaba_llm_calls_total</c>, <c>aaba_llm_tokens_total</c>, <c>aaba_llm_duration_seconds</c> and
/// <c>aaba_task_records_missing_total</c>.
/// </summary>
public sealed class AabaMetrics
{
    public const string MeterName = "Aaba";

    private readonly Counter<long> _submitted;
    private readonly Counter<long> _finished;
    private readonly UpDownCounter<long> _running;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _queueWait;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _llmCalls;
    private readonly Counter<long> _llmTokens;
    private readonly Histogram<double> _llmLatency;
    private readonly Counter<long> _recordsMissing;

    public AabaMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _submitted = meter.CreateCounter<long>("aaba.tasks.submitted", "{task}", "Tasks accepted and persisted.");
        _finished = meter.CreateCounter<long>("aaba.tasks.finished", "{task}", "Tasks that reached a terminal status.");
        _running = meter.CreateUpDownCounter<long>("aaba.tasks.running", "{task}", "Agent runs in progress on this process.");
        _duration = meter.CreateHistogram<double>("aaba.task.duration", "s", "From acceptance to terminal status.");
        _queueWait = meter.CreateHistogram<double>("aaba.task.queue_wait", "s", "From acceptance to the first agent start.");
        _retries = meter.CreateCounter<long>("aaba.task.retries", "{attempt}", "Agent starts after the first (a run was lost or retried).");
        _llmCalls = meter.CreateCounter<long>("aaba.llm.calls", "{call}", "Language-model calls by outcome.");
        _llmTokens = meter.CreateCounter<long>("aaba.llm.tokens", "{token}", "Language-model tokens by type (prompt, completion).");
        _llmLatency = meter.CreateHistogram<double>("aaba.llm.duration", "s", "Language-model call latency.");
        _recordsMissing = meter.CreateCounter<long>("aaba.task.records_missing", "{task}",
            "Unfinished tasks whose record was gone from storage (evicted or deleted outside Aaba): data loss to investigate.");
    }

    public void Submitted(string agent) => _submitted.Add(1, new KeyValuePair<string, object?>("agent", agent));

    public void Started(string agent, int attempt, TimeSpan queueWait)
    {
        if (attempt == 1)
        {
            _queueWait.Record(queueWait.TotalSeconds, new KeyValuePair<string, object?>("agent", agent));
        }
        else
        {
            _retries.Add(1, new KeyValuePair<string, object?>("agent", agent));
        }
    }

    public void Finished(string agent, AgentTaskStatus status, string? errorCode, TimeSpan duration)
    {
        var agentTag = new KeyValuePair<string, object?>("agent", agent);
        var statusTag = new KeyValuePair<string, object?>("status", status.ToWireName());
        _finished.Add(1, agentTag, statusTag, new KeyValuePair<string, object?>("error_code", errorCode ?? ""));
        _duration.Record(duration.TotalSeconds, agentTag, statusTag);
    }

    public void LlmCall(string model, string outcome, TimeSpan duration, long promptTokens, long completionTokens)
    {
        var modelTag = new KeyValuePair<string, object?>("model", model);
        _llmCalls.Add(1, modelTag, new KeyValuePair<string, object?>("outcome", outcome));
        _llmLatency.Record(duration.TotalSeconds, modelTag, new KeyValuePair<string, object?>("outcome", outcome));
        if (promptTokens > 0)
        {
            _llmTokens.Add(promptTokens, modelTag, new KeyValuePair<string, object?>("type", "prompt"));
        }
        if (completionTokens > 0)
        {
            _llmTokens.Add(completionTokens, modelTag, new KeyValuePair<string, object?>("type", "completion"));
        }
    }

    public void RecordMissing() => _recordsMissing.Add(1);

    /// <summary>Counts a run as in progress until the returned scope is disposed.</summary>
    public RunningScope Running(string agent) => new(_running, agent);

    public readonly struct RunningScope : IDisposable
    {
        private readonly UpDownCounter<long> _running;
        private readonly string _agent;

        internal RunningScope(UpDownCounter<long> running, string agent)
        {
            _running = running;
            _agent = agent;
            _running.Add(1, new KeyValuePair<string, object?>("agent", agent));
        }

        public void Dispose() => _running.Add(-1, new KeyValuePair<string, object?>("agent", _agent));
    }
}
