namespace Aaba.Grains.Agents.Lead.Llm;

/// <summary>
/// A lead the model named that the result leaves out. <see cref="Reason"/> is one of <see cref="DroppedLeadReasons"/>;
/// <see cref="Title"/> is the tool's title when a tool returned the lead (never the model's).
/// </summary>
public sealed record DroppedLead(string Url, string? Title, string Reason, string Detail);
