namespace Aaba.Grains.Agents.Lead.Llm;

/// <summary>
/// One lead the model picked: which lead (its URL as a tool returned it, or its id) and the model's judgement of it.
/// Everything else about the lead comes from the tool result.
/// </summary>
public sealed record LeadPick(string? Url, string? Id, double FitScore, string? Reason);
