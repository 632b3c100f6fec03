namespace Aaba.Abstractions;

/// <summary>Span and log-scope tags every Aaba process puts on a task's telemetry, so one query finds it everywhere.</summary>
public static class AabaTags
{
    /// <summary>The task id.</summary>
    public const string TaskId = "aaba.task_id";

    /// <summary>The agent name.</summary>
    public const string Agent = "aaba.agent";
}
