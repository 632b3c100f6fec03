using System.Globalization;

namespace Aaba.Bench;

/// <summary>Command-line settings: <c>--mode e2e --url http://localhost:5080 --concurrency 64 --duration 10 --tasks 20000 --agent add</c>.</summary>
internal sealed record BenchOptions(string Mode, Uri Url, int Concurrency, TimeSpan Duration, int Tasks, string Agent, TimeSpan Warmup, string Label)
{
    public static BenchOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Expected --name value pairs, got '{args[i]}'.");
            }
            values[args[i][2..]] = args[i + 1];
        }
        string Get(string name, string fallback) => values.GetValueOrDefault(name, fallback);
        var mode = Get("mode", "e2e");
        return new BenchOptions(
            mode,
            new Uri(Get("url", "http://localhost:5080")),
            int.Parse(Get("concurrency", "64"), CultureInfo.InvariantCulture),
            TimeSpan.FromSeconds(double.Parse(Get("duration", "10"), CultureInfo.InvariantCulture)),
            int.Parse(Get("tasks", "10000"), CultureInfo.InvariantCulture),
            Get("agent", "add"),
            TimeSpan.FromSeconds(double.Parse(Get("warmup", "2"), CultureInfo.InvariantCulture)),
            Get("label", mode));
    }

    /// <summary>The input each agent gets: a cheap one, so the benchmark measures Aaba, not the agent.</summary>
    public string Input(int i) => Agent == "lead"
        ? """{"query":"python fastapi","limit":5}"""
        : $$"""{"x":{{i}},"y":1}""";
}
