using System.Diagnostics;
using Aaba.Abstractions.Tasks;

namespace Aaba.Grains.Telemetry;

/// <summary>
/// Tags the Orleans span of every call into a task grain with <c>aaba.task_id</c> (its key), so a task's grain spans
/// can be found by task id like Aaba's own.
/// </summary>
public sealed class TaskSpanTagFilter : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (Activity.Current is { } span && context.Grain is ITaskGrain task)
        {
            span.SetTag(AabaTracing.TaskIdTag, task.GetPrimaryKeyString());
        }
        return context.Invoke();
    }
}
