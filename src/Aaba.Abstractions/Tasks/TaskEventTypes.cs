namespace Aaba.Abstractions.Tasks;

/// <summary>The <see cref="TaskEvent.Type"/>s a task's events have (the SSE <c>event:</c> names).</summary>
public static class TaskEventTypes
{
    /// <summary>A status change: <c>{"status": "running", "attempt": 1, "error": {...}?, "details": {...}?}</c>.</summary>
    public const string Status = "status";

    /// <summary>A step the agent reported: <c>{"message": "...", "attempt": 1, "data": {...}?}</c>.</summary>
    public const string Progress = "progress";
}
