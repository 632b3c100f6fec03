namespace Aaba.Abstractions.Agents.Lead;

/// <summary>The lead agent's result without a language model: the bundled catalogue (and feeds) ranked by match.</summary>
/// <param name="Query">The query it answered.</param>
/// <param name="Mode">Always <see cref="OfflineMode"/>.</param>
/// <param name="Leads">The leads, best match first, each with its <see cref="LeadView.Score"/>.</param>
public sealed record OfflineLeadResult(string Query, string Mode, IReadOnlyList<LeadView> Leads) : ILeadResult
{
    /// <summary>The <c>mode</c> of an offline result.</summary>
    public const string OfflineMode = "offline";

    IReadOnlyList<ILead> ILeadResult.Leads => Leads;
}
