using System.Text.Json;
using static Aaba.Testing.FakeOpenAiServer;

namespace Aaba.IntegrationTests.Llm.Eval;

/// <summary>
/// A deterministic stand-in for a model, for the evaluation without a key: it searches once with the user's words
/// and answers with what the tool returned, in the tool's order. So its scores are the ranker's when the loop keeps
/// what the tools returned, and lower when the loop loses leads. The "sloppy" profile behaves like the servers and
/// models in issue 19: its tool calls say finish_reason "stop" (vLLM with a named tool choice, Ollama, OpenVINO,
/// mlx), and its answer relabels leads, repeats one and adds an invented one.
/// </summary>
public static class ScriptedLeadModel
{
    public const string Invented = "https://www.upwork.com/jobs/~0invented-by-the-model";

    public static Reply Respond(RecordedRequest request, bool sloppy)
    {
        var messages = request.Messages.ToList();
        var tool = messages.LastOrDefault(m => m.GetProperty("role").GetString() == "tool");
        if (tool.ValueKind == JsonValueKind.Undefined)
        {
            var user = Text(messages.First(m => m.GetProperty("role").GetString() == "user"));
            var query = user[(user.IndexOf("leads for: ", StringComparison.Ordinal) + "leads for: ".Length)..];
            return Reply.ToolCall("call_search", "search_leads", new { query, limit = 10 }, finishReason: sloppy ? "stop" : "tool_calls");
        }
        using var found = JsonDocument.Parse(Text(tool));
        var leads = found.RootElement.GetProperty("leads").EnumerateArray()
            .Select(l => new Pick(l.GetProperty("url").GetString()!, l.GetProperty("title").GetString()!, l.GetProperty("source").GetString()!))
            .ToList();
        if (sloppy && leads.Count > 0)
        {
            leads.Insert(Math.Min(1, leads.Count), new Pick(Invented, "Quantum Django Wizard", "upwork"));
            leads.Insert(Math.Min(3, leads.Count), leads[0]);
        }
        // Labels as the answer schema used to ask for them: copied from the tool, or (sloppy) made up.
        var answer = JsonSerializer.Serialize(new
        {
            leads = leads.Select((lead, i) => new
            {
                url = lead.Url,
                title = sloppy ? "Senior engineer" : lead.Title,
                source = sloppy ? "linkedin" : lead.Source,
                budget = sloppy ? "$1,000,000 fixed" : "see the listing",
                fit_score = Math.Max(0, 95 - (5 * i)),
                reason = "Matches the query.",
            }),
            summary = $"{leads.Count} leads.",
        });
        return Reply.Answer(answer);
    }

    private sealed record Pick(string Url, string Title, string Source);

    /// <summary>A message's text, whether the client sent it as a string or as content parts.</summary>
    private static string Text(JsonElement message)
    {
        var content = message.GetProperty("content");
        return content.ValueKind == JsonValueKind.Array
            ? string.Concat(content.EnumerateArray().Select(p => p.GetProperty("text").GetString()))
            : content.GetString() ?? "";
    }
}
