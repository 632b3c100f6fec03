using Aaba.Abstractions.Agents.Lead;

namespace Aaba.Grains.Agents.Lead.Llm;

/// <summary>
/// The model's answer after grounding: the leads kept (facts from tools), the ones dropped and why, and the summary to
/// show. <c>Grounded</c> is false when nothing in the answer rests on a tool result (no tool consulted the lead
/// sources, or every lead the model named was invented); such an answer is never returned as a success.
/// </summary>
public sealed record GroundedAnswer(IReadOnlyList<LlmLead> Leads, IReadOnlyList<DroppedLead> Dropped, string Summary, bool Grounded)
{
    public IEnumerable<DroppedLead> Invented => Dropped.Where(d => d.Reason == DroppedLeadReasons.Invented);
}
