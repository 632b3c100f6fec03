namespace Aaba.Abstractions.Agents.Lead;

/// <summary>
/// The lead agent's result in model mode. <c>Model</c> is the model the server says answered, which may differ from
/// the one asked for (aliases, deployments).
/// </summary>
/// <param name="Query">The query it answered.</param>
/// <param name="Mode">Always <see cref="LlmMode"/>.</param>
/// <param name="Model">The model that answered.</param>
/// <param name="Summary">A few sentences about the leads kept.</param>
/// <param name="Leads">The leads the model picked that rest on a tool result, best first.</param>
/// <param name="DroppedLeads">Leads the model named that the result leaves out, and why.</param>
public sealed record LlmLeadResult(
    string Query, string Mode, string Model, string Summary, IReadOnlyList<LlmLead> Leads, IReadOnlyList<DroppedLead> DroppedLeads) : ILeadResult
{
    /// <summary>The <c>mode</c> of a model-mode result.</summary>
    public const string LlmMode = "llm";

    IReadOnlyList<ILead> ILeadResult.Leads => Leads;
}
