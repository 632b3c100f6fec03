namespace Aaba.Abstractions.Agents.Lead;

/// <summary>
/// A lead the model named that the result leaves out. <see cref="Reason"/> is one of <see cref="DroppedLeadReasons"/>;
/// <see cref="Title"/> is the tool's title when a tool returned the lead (never the model's).
/// </summary>
/// <param name="Url">The lead's URL (or id) as the model named it.</param>
/// <param name="Title">The tool's title for it, when a tool returned it.</param>
/// <param name="Reason">Why it was left out (<see cref="DroppedLeadReasons"/>).</param>
/// <param name="Detail">The same, in words.</param>
public sealed record DroppedLead(string Url, string? Title, string Reason, string Detail);
