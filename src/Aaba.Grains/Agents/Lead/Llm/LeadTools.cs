using System.Text.Json;
using OpenAI.Chat;

namespace Aaba.Grains.Agents.Lead.Llm;

/// <summary>
/// The tools the model may call, executed against the lead sources. Every lead a tool returns is remembered,
/// so the final answer can be checked: a URL no tool returned is an invention and is dropped.
/// </summary>
public sealed class LeadTools(LeadSearch search)
{
    public const string SearchLeads = "search_leads";
    public const string GetLead = "get_lead";

    public static IReadOnlyList<ChatTool> Definitions { get; } =
    [
        ChatTool.CreateFunctionTool(SearchLeads,
            "Search job leads by words and skills. Returns the best matches, newest first among equals.",
            BinaryData.FromString("""
                {"type":"object","required":["query"],"properties":{
                  "query":{"type":"string","description":"Words or skills, e.g. \"python django\"."},
                  "sources":{"type":"array","items":{"enum":["upwork","freelancer","linkedin"]},"description":"Only these boards."},
                  "limit":{"type":"integer","minimum":1,"maximum":50}}}
                """)),
        ChatTool.CreateFunctionTool(GetLead,
            "Get the full details of one lead by its URL.",
            BinaryData.FromString("""{"type":"object","required":["url"],"properties":{"url":{"type":"string"}}}""")),
    ];

    /// <summary>Runs one tool call and returns its result as JSON (an <c>error</c> object when the call is invalid).</summary>
    public async Task<string> ExecuteAsync(ChatToolCall call, IDictionary<string, Lead> seen, CancellationToken cancellationToken)
    {
        var arguments = call.FunctionArguments.ToString();
        switch (call.FunctionName)
        {
            case SearchLeads:
                var errors = LeadAgentInput.Read(arguments, out var query);
                if (query is null)
                {
                    return Error($"Invalid arguments: {string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))}");
                }
                var found = await search.SearchAsync(query, cancellationToken);
                foreach (var ranked in found)
                {
                    seen[ranked.Lead.Url] = ranked.Lead;
                }
                return JsonSerializer.Serialize(new { leads = found.Select(ranked => LeadView.From(ranked.Lead)) }, AabaJson.Options);
            case GetLead:
                var url = ReadUrl(arguments);
                if (url is null)
                {
                    return Error("Invalid arguments: 'url' (a string) is required.");
                }
                var lead = await search.FindAsync(url, cancellationToken);
                if (lead is null)
                {
                    return Error($"No lead has the URL '{url}'.");
                }
                seen[lead.Url] = lead;
                return JsonSerializer.Serialize(LeadView.From(lead), AabaJson.Options);
            default:
                return Error($"There is no tool named '{call.FunctionName}'. Use {SearchLeads} or {GetLead}.");
        }
    }

    private static string? ReadUrl(string arguments)
    {
        try
        {
            using var document = JsonDocument.Parse(arguments);
            return document.RootElement.ValueKind == JsonValueKind.Object &&
                   document.RootElement.TryGetProperty("url", out var url) && url.ValueKind == JsonValueKind.String
                ? url.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Error(string message) => JsonSerializer.Serialize(new { error = message }, AabaJson.Options);
}
