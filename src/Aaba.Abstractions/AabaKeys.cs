namespace Aaba.Abstractions;

/// <summary>The well-known grain keys and agent names, so no call site writes a literal.</summary>
public static class AabaKeys
{
    /// <summary>The key of the one <see cref="Agents.IOrchestratorGrain"/>.</summary>
    public const string Orchestrator = "registry";

    /// <summary>The key of the stateless <see cref="Tasks.ITaskQueryGrain"/>.</summary>
    public const string TaskQueries = "tasks";

    /// <summary>The built-in lead-generation agent.</summary>
    public const string LeadAgent = "lead";

    /// <summary>The built-in smoke-test agent.</summary>
    public const string AddAgent = "add";
}
