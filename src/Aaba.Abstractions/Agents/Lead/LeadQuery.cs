using System.Text.Json.Serialization;

namespace Aaba.Abstractions.Agents.Lead;

/// <summary>
/// The lead agent's input, <c>{"query": "python", "sources": ["upwork"], "limit": 10}</c>, as a client writes it
/// (the body of <c>POST /agents/run-lead</c>). The agent validates it; <c>GET /agents</c> shows its schema.
/// </summary>
/// <param name="Query">What to look for, 1–200 characters: words or skills, e.g. "python django".</param>
public sealed record LeadQuery(string Query)
{
    /// <summary>Only these boards: <c>upwork</c>, <c>freelancer</c>, <c>linkedin</c> (default: all).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Sources { get; init; }

    /// <summary>At most this many leads, 1–50 (default 10).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Limit { get; init; }
}
