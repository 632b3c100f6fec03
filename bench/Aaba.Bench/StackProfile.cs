namespace Aaba.Bench;

/// <summary>
/// What differs between the stacks the generator drives: routes, the status names they answer with, and what a
/// successful submission looks like. Everything else (load shape, polling, timing, CPU accounting) is shared, so both
/// stacks are measured by the same code.
/// </summary>
internal sealed record StackProfile(string Name, string HealthPath, bool SupportsLongPoll)
{
    /// <summary>Aaba: <c>POST /agents/{name}/run</c> (or the seed-compatible <c>/agents/run-lead</c>), statuses in lower case, 202 on submit.</summary>
    public static StackProfile Aaba { get; } = new("aaba", "/healthz", SupportsLongPoll: true);

    /// <summary>The FastAPI + Celery stack Aaba replaces: <c>POST /agents/run/{agent}</c>, Celery states, 200 on submit.</summary>
    public static StackProfile Celery { get; } = new("celery", "/health", SupportsLongPoll: false);

    public static StackProfile Parse(string name) => name switch
    {
        "aaba" => Aaba,
        "celery" or "seed" or "old" => Celery,
        _ => throw new ArgumentException($"Unknown stack '{name}' (aaba, celery)."),
    };

    /// <summary>The route that starts one run of <paramref name="agent"/>; both stacks serve <c>run-lead</c> for the lead agent.</summary>
    public string SubmitPath(string agent) => agent == "lead"
        ? "/agents/run-lead"
        : Name == "aaba" ? $"/agents/{Uri.EscapeDataString(agent)}/run" : $"/agents/run/{Uri.EscapeDataString(agent)}";

    public string StatusPath(string taskId, int? waitSeconds = null) => waitSeconds is { } wait
        ? FormattableString.Invariant($"/agents/status/{Uri.EscapeDataString(taskId)}?wait_s={wait}")
        : $"/agents/status/{Uri.EscapeDataString(taskId)}";

    /// <summary>Whether a submission was accepted: Aaba answers 202; the old stack's FastAPI answers 200.</summary>
    public bool Accepted(int statusCode) => Name == "aaba" ? statusCode == 202 : statusCode is >= 200 and < 300;

    /// <summary>
    /// The stack's status name in Aaba's vocabulary (<c>queued</c>, <c>running</c>, <c>succeeded</c>, <c>failed</c>,
    /// <c>cancelled</c>); null for a name the stack does not use. Celery: PENDING (also what it says of an id it never
    /// saw), RECEIVED, STARTED, RETRY, SUCCESS, FAILURE, REVOKED.
    /// </summary>
    public string? Normalize(string? status) => Name == "aaba"
        ? status is "queued" or "running" or "succeeded" or "failed" or "cancelled" ? status : null
        : status switch
        {
            "PENDING" or "RECEIVED" => "queued",
            "STARTED" or "RETRY" => "running",
            "SUCCESS" => "succeeded",
            "FAILURE" => "failed",
            "REVOKED" => "cancelled",
            _ => null,
        };

    public static bool IsTerminal(string? normalized) => normalized is "succeeded" or "failed" or "cancelled";
}
