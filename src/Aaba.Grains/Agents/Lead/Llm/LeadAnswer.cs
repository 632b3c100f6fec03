using System.Globalization;
using System.Text.Json;

namespace Aaba.Grains.Agents.Lead.Llm;

/// <summary>
/// The model's final answer: its picks, best first, and a summary. The model contributes only judgement (which
/// leads, their order, a fit score, a reason, the summary); every fact about a lead is taken from the tool result
/// that returned it (<see cref="LeadGrounding"/>).
/// </summary>
public sealed record LeadAnswer(IReadOnlyList<LeadPick> Leads, string Summary)
{
    public const string SchemaName = "lead_answer";

    public static readonly JsonElement Schema = JsonDocument.Parse("""
        {"type":"object","additionalProperties":false,"required":["leads","summary"],
         "properties":{
           "leads":{"type":"array","description":"The leads that fit the query, best first.","items":{"type":"object","additionalProperties":false,
             "required":["url","fit_score","reason"],
             "properties":{
               "url":{"type":"string","description":"The lead's url, exactly as a tool returned it."},
               "fit_score":{"type":"number","description":"How well the lead fits the query, from 0 to 100."},
               "reason":{"type":"string","description":"One sentence: why this lead fits the query."}}}},
           "summary":{"type":"string","description":"Two or three sentences for the user about the leads in this answer."}}}
        """).RootElement.Clone();

    /// <summary>What a valid answer looks like, for repair requests.</summary>
    public const string Example = """{"leads":[{"url":"<url from a tool result>","fit_score":85,"reason":"<one sentence>"}],"summary":"<two or three sentences>"}""";

    /// <summary>
    /// Reads <paramref name="text"/> leniently (code fences, text around the object, numbers as strings, extra
    /// fields) and checks what matters. <paramref name="problem"/> says in plain words what is wrong, for the model
    /// and the user alike: never a parser's message.
    /// </summary>
    public static bool TryParse(string? text, out LeadAnswer? answer, out string? problem)
    {
        answer = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "the answer was empty";
            return false;
        }
        if (!TryReadObject(text, out var root))
        {
            problem = "it is not a JSON object";
            return false;
        }
        using (root)
        {
            var element = root!.RootElement;
            if (!element.TryGetProperty("leads", out var leads) || leads.ValueKind == JsonValueKind.Null)
            {
                problem = "'leads' is missing";
                return false;
            }
            if (leads.ValueKind != JsonValueKind.Array)
            {
                problem = "'leads' must be a list";
                return false;
            }
            var picks = new List<LeadPick>();
            var index = 0;
            foreach (var item in leads.EnumerateArray())
            {
                if (ReadPick(item, index++, out var pick) is { } pickProblem)
                {
                    problem = pickProblem;
                    return false;
                }
                picks.Add(pick!);
            }
            var summary = element.TryGetProperty("summary", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()!.Trim() : "";
            answer = new LeadAnswer(picks, summary);
            problem = null;
            return true;
        }
    }

    private static string? ReadPick(JsonElement item, int index, out LeadPick? pick)
    {
        pick = null;
        if (item.ValueKind != JsonValueKind.Object)
        {
            return $"leads[{index}] is not an object";
        }
        var url = Text(item, "url");
        var id = Text(item, "id") ?? Text(item, "lead_id");
        if (url is null && id is null)
        {
            return $"leads[{index}].url is missing";
        }
        if (!item.TryGetProperty("fit_score", out var score) || ReadNumber(score) is not { } fit)
        {
            return $"leads[{index}].fit_score is missing or not a number";
        }
        if (fit is < 0 or > 100)
        {
            return $"leads[{index}].fit_score must be from 0 to 100";
        }
        pick = new LeadPick(url, id, fit, Text(item, "reason"));
        return null;
    }

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text.Trim()
            : null;

    private static double? ReadNumber(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed) => parsed,
        _ => null,
    };

    /// <summary>
    /// The outermost JSON object in <paramref name="text"/>: servers without structured output wrap it in code
    /// fences or a sentence.
    /// </summary>
    private static bool TryReadObject(string text, out JsonDocument? document)
    {
        document = null;
        var start = text.IndexOf('{', StringComparison.Ordinal);
        var end = text.LastIndexOf('}');
        if (start < 0 || end <= start)
        {
            return false;
        }
        try
        {
            document = JsonDocument.Parse(text.AsMemory(start, end - start + 1));
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return true;
            }
            document.Dispose();
            document = null;
            return false;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
