namespace Aaba.Grains.Agents.Lead;

/// <summary>One configured job feed and the board its items come from.</summary>
public sealed record LeadFeed(string Board, Uri Url);
