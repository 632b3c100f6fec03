using System.Collections.Immutable;

namespace Aaba.Grains.Agents.Lead;

/// <summary>The lead agent's input: <c>{"query": "python", "sources": ["upwork"], "limit": 10}</c>.</summary>
public static class LeadAgentInput
{
    public const int DefaultLimit = 10;
    public const int MaxLimit = 50;
    public const int MaxQueryLength = 200;

    /// <summary>Parses and validates; returns the problems (empty when <paramref name="query"/> is set).</summary>
    public static ImmutableDictionary<string, string[]> Read(string json, out LeadQuery? query)
    {
        var reader = new AgentInputReader(json);
        var text = reader.Text("query", required: true, 1, MaxQueryLength);
        var sources = reader.Choices("sources", LeadSources.All);
        var limit = reader.Integer("limit", required: false, 1, MaxLimit);
        reader.RejectUnknownFields("query", "sources", "limit");
        query = reader.IsValid ? new LeadQuery(text!, sources ?? [], limit ?? DefaultLimit) : null;
        return reader.Errors;
    }
}
