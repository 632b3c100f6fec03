using System.Text.Json;
using Aaba.Grains;
using Aaba.Testing;

namespace Aaba.IntegrationTests.Llm.Eval;

/// <summary>One labelled lead query: the catalogue leads a person searching for it would want.</summary>
public sealed record LeadEvalCase(string Query, IReadOnlyList<string> Relevant, string? Note)
{
    public static string SetPath => Path.Combine(RepositoryPaths.Root(), "tests", "Aaba.IntegrationTests", "Llm", "Eval", "lead-eval.json");

    public static IReadOnlyList<LeadEvalCase> LoadAll()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(SetPath));
        return document.RootElement.GetProperty("cases").Deserialize<List<LeadEvalCase>>(AabaJson.Options)!;
    }
}
