namespace Aaba.Abstractions.Tasks;

/// <summary>Helpers on <see cref="AgentTaskStatus"/>.</summary>
public static class AgentTaskStatusExtensions
{
    /// <summary>True once the task can no longer change.</summary>
    public static bool IsTerminal(this AgentTaskStatus status) =>
        status is AgentTaskStatus.Succeeded or AgentTaskStatus.Failed or AgentTaskStatus.Cancelled;

    /// <summary>The wire name: <c>queued</c>, <c>running</c>, <c>succeeded</c>, <c>failed</c>, <c>cancelled</c>.</summary>
    public static string ToWireName(this AgentTaskStatus status) => status switch
    {
        AgentTaskStatus.Queued => "queued",
        AgentTaskStatus.Running => "running",
        AgentTaskStatus.Succeeded => "succeeded",
        AgentTaskStatus.Failed => "failed",
        AgentTaskStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>The status with that wire name; false for anything else.</summary>
    public static bool TryParseWireName(string? name, out AgentTaskStatus status)
    {
        foreach (var candidate in Enum.GetValues<AgentTaskStatus>())
        {
            if (string.Equals(candidate.ToWireName(), name, StringComparison.Ordinal))
            {
                status = candidate;
                return true;
            }
        }
        status = default;
        return false;
    }
}
