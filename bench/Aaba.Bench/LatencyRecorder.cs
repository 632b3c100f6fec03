using System.Collections.Concurrent;
using System.Text.Json;

namespace Aaba.Bench;

/// <summary>Collects latencies and error counts from many workers; each worker keeps its own list, merged at the end.</summary>
internal sealed class LatencyRecorder
{
    private readonly ConcurrentBag<List<double>> _lists = [];
    private readonly ConcurrentDictionary<string, int> _errors = new();

    public List<double> NewWorkerList()
    {
        var list = new List<double>(4096);
        _lists.Add(list);
        return list;
    }

    public void Error(string kind) => _errors.AddOrUpdate(kind, 1, static (_, n) => n + 1);

    public BenchResult Result(string label, string mode, TimeSpan elapsed, int concurrency, long? lost = null)
    {
        var all = _lists.SelectMany(l => l).ToArray();
        Array.Sort(all);
        double P(double q) => all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)Math.Ceiling(q * all.Length) - 1)];
        return new BenchResult(label, mode, concurrency, all.Length, elapsed.TotalSeconds, all.Length / elapsed.TotalSeconds,
            P(0.50), P(0.90), P(0.99), all.Length == 0 ? 0 : all[^1], new SortedDictionary<string, int>(_errors), lost);
    }
}

/// <summary>One benchmark's figures; printed as a table row and as one JSON line for machines.</summary>
internal sealed record BenchResult(
    string Label, string Mode, int Concurrency, long Count, double Seconds, double PerSecond,
    double P50Ms, double P90Ms, double P99Ms, double MaxMs, SortedDictionary<string, int> Errors, long? Lost)
{
    public void Print()
    {
        var errors = Errors.Count == 0 ? "none" : string.Join(", ", Errors.Select(e => $"{e.Key}: {e.Value}"));
        var lost = Lost is { } count ? FormattableString.Invariant($"; lost {count}") : "";
        Console.WriteLine(FormattableString.Invariant(
            $"{Label}: {Count} in {Seconds:0.0} s = {PerSecond:0} /s at concurrency {Concurrency}; latency ms p50 {P50Ms:0.0} p90 {P90Ms:0.0} p99 {P99Ms:0.0} max {MaxMs:0.0}; errors {errors}{lost}"));
        Console.WriteLine("JSON " + JsonSerializer.Serialize(this, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
    }
}
