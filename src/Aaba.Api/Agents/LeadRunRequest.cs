namespace Aaba.Api.Agents;

/// <summary>The body of <c>POST /agents/run-lead</c> (documentation only: the lead agent validates it).</summary>
/// <param name="Query">What to look for, 1–200 characters.</param>
/// <param name="Sources">Only these boards: upwork, freelancer, linkedin (default all).</param>
/// <param name="Limit">At most this many leads, 1–50 (default 10).</param>
public sealed record LeadRunRequest(string Query, string[]? Sources, int? Limit);
