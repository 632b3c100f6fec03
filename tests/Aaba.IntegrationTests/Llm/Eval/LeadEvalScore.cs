using System.Globalization;

namespace Aaba.IntegrationTests.Llm.Eval;

/// <summary>
/// Mean precision and recall at k of one retrieval path over the set. Precision at k divides by k, so a query with
/// one relevant lead scores at most 1/k; the "best possible" row shows that ceiling.
/// </summary>
public sealed record LeadEvalScore(string Path, IReadOnlyList<double> Precision, IReadOnlyList<double> Recall, int Failed)
{
    public static readonly int[] Ks = [3, 5, 10];

    /// <summary>Scores <c>ranked</c>: per case, the lead ids the path returned, best first (null: the task failed).</summary>
    public static LeadEvalScore Of(string path, IReadOnlyList<LeadEvalCase> cases, IReadOnlyList<IReadOnlyList<string>?> ranked)
    {
        var precision = new double[Ks.Length];
        var recall = new double[Ks.Length];
        for (var i = 0; i < cases.Count; i++)
        {
            var relevant = cases[i].Relevant.ToHashSet(StringComparer.Ordinal);
            for (var k = 0; k < Ks.Length; k++)
            {
                var hits = (ranked[i] ?? []).Take(Ks[k]).Count(relevant.Contains);
                precision[k] += (double)hits / Ks[k] / cases.Count;
                recall[k] += (double)hits / relevant.Count / cases.Count;
            }
        }
        return new LeadEvalScore(path, precision, recall, ranked.Count(r => r is null));
    }

    /// <summary>What a perfect ranker would score with these labels.</summary>
    public static LeadEvalScore Ideal(IReadOnlyList<LeadEvalCase> cases) =>
        Of("best possible with these labels", cases, cases.Select(c => (IReadOnlyList<string>?)c.Relevant).ToList());

    public static string Header =>
        "| path | " + string.Join(" | ", Ks.Select(k => $"P@{k} | R@{k}")) + " | failed tasks |" + Environment.NewLine +
        "| --- | " + string.Join(" | ", Ks.Select(_ => "---: | ---:")) + " | ---: |";

    public string Row =>
        $"| {Path} | " + string.Join(" | ", Ks.Select((_, k) => $"{F(Precision[k])} | {F(Recall[k])}")) + $" | {Failed} |";

    private static string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
