namespace Aaba.Abstractions.Tasks;

/// <summary>The stable error codes a failed task can carry. Clients switch on these; never rename one.</summary>
public static class TaskErrorCodes
{
    /// <summary>The agent threw or reported a failure of its own.</summary>
    public const string AgentError = "agent_error";
    /// <summary>The input was rejected by the agent.</summary>
    public const string InvalidInput = "invalid_input";
    /// <summary>The task ran longer than its time limit.</summary>
    public const string Timeout = "timeout";
    /// <summary>The task was started the maximum number of times without finishing (each start was lost to a crash).</summary>
    public const string AttemptsExhausted = "attempts_exhausted";
    /// <summary>The language model could not be reached.</summary>
    public const string LlmUnavailable = "llm_unavailable";
}
