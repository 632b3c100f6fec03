using System.Collections.Immutable;

namespace Aaba.Grains.Agents.Lead;

/// <summary>
/// The lead agent's input, <c>{"query": "python", "sources": ["upwork"], "limit": 10}</c>, defined once: the same
/// reading validates a request, describes the input in <c>GET /agents</c>, and is the schema of the model's
/// <c>search_leads</c> tool (whose arguments are read the same way).
/// </summary>
public static class LeadAgentInput
{
    public const int DefaultLimit = 10;
    public const int MaxLimit = 50;
    public const int MaxQueryLength = 200;

    /// <summary>The input's JSON Schema.</summary>
    public static string Schema { get; } = AgentInputReader.Describe(reader => Read(reader));

    /// <summary>Parses and validates; returns the problems (empty when <paramref name="query"/> is set).</summary>
    public static ImmutableDictionary<string, string[]> Read(string json, out LeadQuery? query)
    {
        var reader = new AgentInputReader(json);
        query = Read(reader);
        return reader.Errors;
    }

    private static LeadQuery? Read(AgentInputReader reader)
    {
        var text = reader.Text("query", required: true, 1, MaxQueryLength, "What to look for: words or skills, e.g. \"python django\".");
        var sources = reader.Choices("sources", LeadSources.All, "Only these boards (default: all).");
        var limit = reader.Integer("limit", required: false, 1, MaxLimit, "How many leads at most.", DefaultLimit);
        reader.RejectUnknownFields();
        return reader.IsValid ? new LeadQuery(text!, sources ?? [], limit ?? DefaultLimit) : null;
    }
}
