using System.Text.Json;

namespace Aaba.Grains.Agents.Lead.Llm;

/// <summary>The model's final answer, as the structured-output schema asks for it.</summary>
public sealed record LeadAnswer(IReadOnlyList<LeadPick> Leads, string Summary)
{
    public static readonly BinaryData Schema = BinaryData.FromString("""
        {"type":"object","additionalProperties":false,"required":["leads","summary"],
         "properties":{
           "summary":{"type":"string","description":"Two or three sentences for the user about what was found."},
           "leads":{"type":"array","items":{"type":"object","additionalProperties":false,
             "required":["title","source","url","budget","fit_score","reason"],
             "properties":{
               "title":{"type":"string"},
               "source":{"type":"string","enum":["upwork","freelancer","linkedin"]},
               "url":{"type":"string","description":"Exactly as returned by a tool."},
               "budget":{"type":"string","description":"e.g. \"$40-60/hour\" or \"$5,000 fixed\"."},
               "fit_score":{"type":"number","minimum":0,"maximum":100},
               "reason":{"type":"string","description":"Why this lead fits the query."}}}}}}
        """);

    /// <summary>Parses <paramref name="text"/> and checks it against the schema; <paramref name="problem"/> says what is wrong.</summary>
    public static bool TryParse(string text, out LeadAnswer? answer, out string? problem)
    {
        answer = null;
        try
        {
            answer = JsonSerializer.Deserialize<LeadAnswer>(text, AabaJson.Options);
        }
        catch (JsonException exception)
        {
            problem = $"not valid JSON ({exception.Message})";
            return false;
        }
        problem = answer switch
        {
            null => "empty answer",
            { Leads: null } => "'leads' is missing",
            { Summary: null or "" } => "'summary' is missing",
            _ => answer.Leads.Select(Check).FirstOrDefault(p => p is not null),
        };
        return problem is null;
    }

    private static string? Check(LeadPick? pick, int index) => pick switch
    {
        null => $"leads[{index}] is null",
        { Url: null or "" } => $"leads[{index}].url is missing",
        { Title: null or "" } => $"leads[{index}].title is missing",
        { Source: null } => $"leads[{index}].source is missing",
        _ when !LeadSources.All.Contains(pick.Source) => $"leads[{index}].source '{pick.Source}' is not one of {string.Join(", ", LeadSources.All)}",
        _ when pick.FitScore is < 0 or > 100 => $"leads[{index}].fit_score must be between 0 and 100",
        _ => null,
    };
}
