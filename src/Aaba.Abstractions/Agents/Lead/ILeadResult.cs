namespace Aaba.Abstractions.Agents.Lead;

/// <summary>What the lead agent found, in either mode: <see cref="OfflineLeadResult"/> or <see cref="LlmLeadResult"/>.</summary>
public interface ILeadResult
{
    /// <summary>The query it answered.</summary>
    string Query { get; }

    /// <summary><see cref="OfflineLeadResult.OfflineMode"/> or <see cref="LlmLeadResult.LlmMode"/>.</summary>
    string Mode { get; }

    /// <summary>The leads, best first.</summary>
    IReadOnlyList<ILead> Leads { get; }
}
