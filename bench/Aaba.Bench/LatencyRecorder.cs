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

/// <summary>
/// One benchmark's figures; printed as a human line and as one <c>JSON {...}</c> line for scripts. <c>Kind</c> is
/// <c>run</c> (a single measurement), <c>round</c> (one of several rounds) or <c>rounds</c> (the reported round of a
/// multi-round run, with <c>Summary</c>).
/// </summary>
internal sealed record BenchResult(
    string Label, string Mode, int Concurrency, long Count, double Seconds, double PerSecond,
    double P50Ms, double P90Ms, double P99Ms, double MaxMs, SortedDictionary<string, int> Errors, long? Lost)
{
    public string Kind { get; init; } = "run";
    public string Stack { get; init; } = "aaba";
    public string? Poll { get; init; }
    public int? Round { get; init; }
    public RoundsSummary? Summary { get; init; }

    /// <summary>Server and generator CPU during the measured window (null when no server process was given).</summary>
    public CpuUsage? Cpu { get; init; }

    /// <summary>For submit runs: the same CPU counted until the tasks submitted in the window had finished.</summary>
    public CpuUsage? CpuWithDrain { get; init; }

    /// <summary>The server runtime's compiling and GC pauses during the window (e2e rounds with <c>--runtime-metrics</c>).</summary>
    public RuntimeUsage? Runtime { get; init; }

    public double? ServerCpuMsPerOp => PerOp(Cpu?.ServerSeconds);
    public double? GeneratorCpuMsPerOp => PerOp(Cpu?.GeneratorSeconds);
    public double? ServerCpuMsPerOpWithDrain => PerOp(CpuWithDrain?.ServerSeconds);

    private double? PerOp(double? seconds) => seconds is { } s && Count > 0 ? 1000 * s / Count : null;

    public void Print()
    {
        var errors = Errors.Count == 0 ? "none" : string.Join(", ", Errors.Select(e => $"{e.Key}: {e.Value}"));
        var lost = Lost is { } count ? FormattableString.Invariant($"; lost {count}") : "";
        var cpu = Cpu is { } c
            ? FormattableString.Invariant($"; server CPU {ServerCpuMsPerOp:0.000} ms/op ({string.Join(", ", c.Servers.Select(s => FormattableString.Invariant($"{s.Key} {1000 * s.Value.Seconds / Math.Max(1, Count):0.000}")))}), generator {GeneratorCpuMsPerOp:0.000} ms/op (excluded); other load on the machine {c.OtherSeconds / Math.Max(0.001, c.WallSeconds):0.00} cores")
            : "";
        var drain = CpuWithDrain is not null
            ? FormattableString.Invariant($"; with the backlog drained {ServerCpuMsPerOpWithDrain:0.000} ms/op after {CpuWithDrain.WallSeconds - Cpu?.WallSeconds:0.0} s more")
            : "";
        var runtime = Runtime is { } r
            ? FormattableString.Invariant($"; server runtime: JIT {r.JitSeconds:0.00} s ({r.JitMethods} methods), GC pauses {r.GcPauseSeconds:0.00} s")
            : "";
        Console.WriteLine(FormattableString.Invariant(
            $"{Label}: {Count} in {Seconds:0.0} s = {PerSecond:0} /s at concurrency {Concurrency}; latency ms p50 {P50Ms:0.0} p90 {P90Ms:0.0} p99 {P99Ms:0.0} max {MaxMs:0.0}; errors {errors}{lost}{cpu}{drain}{runtime}"));
        if (Summary is { } summary)
        {
            Console.WriteLine(FormattableString.Invariant(
                $"{Label}: reported round {summary.ChosenRound} of {summary.Rounds} ({(summary.Stable ? "the last two agreed" : "the last two did NOT agree")}); round 1 ran at {summary.FirstRoundPercent:0}% of it{(summary.FirstRoundCpuMultiple is { } m ? FormattableString.Invariant($" with {m:0.00}x its server CPU per task") : "")}"));
        }
        Console.WriteLine("JSON " + JsonSerializer.Serialize(this, JsonOptions));
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
