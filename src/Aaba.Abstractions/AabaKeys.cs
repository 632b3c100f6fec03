namespace Aaba.Abstractions;

/// <summary>The well-known grain keys and agent names, so no call site writes a literal.</summary>
public static class AabaKeys
{
    /// <summary>The key of the one <see cref="Agents.IOrchestratorGrain"/>.</summary>
    public const string Orchestrator = "registry";

    /// <summary>The key of the stateless <see cref="Tasks.ITaskQueryGrain"/>.</summary>
    public const string TaskQueries = "tasks";

    /// <summary>The key of the stateless <see cref="Security.IAccessKeysGrain"/>.</summary>
    public const string AccessKeys = "access-keys";

    /// <summary>The key of the stateless <see cref="Security.IAuditGrain"/>.</summary>
    public const string AuditTrail = "audit";

    /// <summary>The key of the stateless <see cref="Schedules.IScheduleListGrain"/>.</summary>
    public const string Schedules = "schedules";

    /// <summary>The key of the stateless <see cref="Security.IAgentSecretsGrain"/>.</summary>
    public const string AgentSecrets = "agent-secrets";

    /// <summary>The built-in lead-generation agent.</summary>
    public const string LeadAgent = "lead";

    /// <summary>The built-in smoke-test agent.</summary>
    public const string AddAgent = "add";

    /// <summary>The built-in lead enrichment agent.</summary>
    public const string EnrichAgent = "enrich";

    /// <summary>The built-in CRM delivery agent (the webhook URL comes with each run).</summary>
    public const string CrmAgent = "crm";

    /// <summary>The built-in pipeline: lead → enrich each lead → crm.</summary>
    public const string LeadToCrmPipeline = "lead-to-crm";
}
