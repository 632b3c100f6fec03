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
    /// <summary>An attempt was lost with the silo or process that ran it (recorded in the attempt history; the task is started again).</summary>
    public const string Lost = "lost";
    /// <summary>
    /// An attempt was stopped by a clean shutdown of the process that ran it and handed back (recorded in the attempt
    /// history; the task runs again, and the attempt does not count against its limits).
    /// </summary>
    public const string HandedBack = "handed_back";
    /// <summary>The task was started the maximum number of times without finishing (each start was lost to a crash).</summary>
    public const string AttemptsExhausted = "attempts_exhausted";
    /// <summary>The language model could not be reached, or kept answering 429/5xx after the retries.</summary>
    public const string LlmUnavailable = "llm_unavailable";
    /// <summary>The model provider rejected the credentials (401/403); not retried.</summary>
    public const string LlmAuth = "llm_auth";
    /// <summary>A model call took longer than its request timeout.</summary>
    public const string LlmTimeout = "llm_timeout";
    /// <summary>The model's answer was not valid for the answer schema, even after one repair request.</summary>
    public const string LlmBadOutput = "llm_bad_output";
    /// <summary>The model was still calling tools when the task's limit of model calls was reached; it never gave a final answer.</summary>
    public const string LlmRoundLimit = "llm_round_limit";
    /// <summary>The model's answer was cut off at its output token limit (finish reason "length"), even after it was asked for a shorter one.</summary>
    public const string LlmTruncated = "llm_truncated";
    /// <summary>The model refused to answer, or the provider's content filter stopped the answer.</summary>
    public const string LlmRefused = "llm_refused";
    /// <summary>The model's answer rested on no tool result: it consulted no lead source, or every lead it named was invented.</summary>
    public const string LlmUngrounded = "llm_ungrounded";
    /// <summary>The tenant's daily model-token budget is spent: the model was not called (again). Not retried.</summary>
    public const string BudgetExhausted = "budget_exhausted";
}
