using System.Diagnostics;
using Aaba.Abstractions;

namespace Aaba.Grains.Telemetry;

/// <summary>
/// Aaba's spans (source <c>Aaba</c>): a task's run, each agent step, tool call and model call. A run happens after
/// the 202, often in another process, so it is parented to the trace context stored with the task at submission:
/// the whole task reads as one trace from the HTTP request onwards. Every span carries <c>aaba.task_id</c> and
/// <c>aaba.agent</c>.
/// </summary>
public static class AabaTracing
{
    public const string SourceName = "Aaba";

    /// <summary>Process-wide like every ActivitySource: listeners subscribe to it by name.</summary>
    public static readonly ActivitySource Source = new(SourceName);

    public const string TaskIdTag = AabaTags.TaskId;
    public const string AgentTag = AabaTags.Agent;

    /// <summary>Starts a span under the stored W3C trace parent (or the current activity when there is none).</summary>
    public static Activity? StartTaskSpan(string name, string? traceParent, string taskId, string agent)
    {
        var parent = traceParent is not null && ActivityContext.TryParse(traceParent, null, out var context) ? context : default;
        var activity = parent == default
            ? Source.StartActivity(name, ActivityKind.Internal)
            : Source.StartActivity(name, ActivityKind.Internal, parent);
        activity?.SetTag(TaskIdTag, taskId);
        activity?.SetTag(AgentTag, agent);
        return activity;
    }
}
