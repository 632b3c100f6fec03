namespace Aaba.Grains.Agents.Lead.Llm;

/// <summary>
/// The lead agent's result in model mode (snake_case JSON through <see cref="AabaJson"/>). <c>Model</c> is the model
/// the server says answered, which may differ from the one asked for (aliases, deployments).
/// </summary>
public sealed record LlmLeadResult(
    string Query, string Mode, string Model, string Summary, IReadOnlyList<LlmLead> Leads, IReadOnlyList<DroppedLead> DroppedLeads);
