namespace Aaba.Grains.Agents;

/// <summary>Why a run was stopped before it ended by itself.</summary>
public enum AgentRunStop
{
    None,

    /// <summary>Its task was cancelled: nothing is reported.</summary>
    Cancelled,

    /// <summary>The silo is shutting down cleanly: the attempt is handed back to its task.</summary>
    HandBack,

    /// <summary>It ran past its time limit: the attempt fails with <c>timeout</c>.</summary>
    TimedOut,
}
