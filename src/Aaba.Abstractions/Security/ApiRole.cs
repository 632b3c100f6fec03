namespace Aaba.Abstractions.Security;

/// <summary>What an API key may do; each role can do everything the one before it can.</summary>
public enum ApiRole
{
    /// <summary>Reads its tenant's tasks, events, transcripts, listings and the agent list.</summary>
    Reader,

    /// <summary>Also runs agents and cancels its tenant's tasks.</summary>
    Operator,

    /// <summary>Also manages keys, agent secrets and agents and schedules; reads the audit trail; opens the dashboard and docs.</summary>
    Admin,
}
