using System.Globalization;

namespace Aaba.Bench;

/// <summary>
/// Command-line settings, as <c>--name value</c> pairs, for example
/// <c>--stack celery --mode e2e --url http://127.0.0.1:8090 --agent lead --tasks 10000 --rounds stable --poll 20 --pids redis=1,api=2,worker=3</c>.
/// <c>--runtime-metrics http://127.0.0.1:5190/metrics</c> (a .NET server's Prometheus endpoint) adds its JIT and GC
/// figures to every e2e round (<see cref="RuntimeMeter"/>).
/// </summary>
internal sealed record BenchOptions(
    string Mode,
    StackProfile Stack,
    Uri Url,
    int Concurrency,
    TimeSpan Duration,
    int Tasks,
    string Agent,
    string? Body,
    TimeSpan Warmup,
    string Label,
    PollPlan Poll,
    RoundPlan Rounds,
    IReadOnlyList<ServerProcess> Servers,
    Uri? RuntimeMetrics = null)
{
    private static readonly string[] Names =
        ["mode", "stack", "url", "concurrency", "duration", "tasks", "agent", "body", "warmup", "label", "poll", "rounds", "max-rounds", "agree", "pids", "runtime-metrics"];

    public static BenchOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || !Names.Contains(args[i][2..]))
            {
                throw new ArgumentException($"Unknown option '{args[i]}' (options: {string.Join(", ", Names.Select(n => "--" + n))}).");
            }
            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"Option '{args[i]}' needs a value.");
            }
            values[args[i][2..]] = args[i + 1];
        }
        string Get(string name, string fallback) => values.GetValueOrDefault(name, fallback);
        int Int(string name, string fallback) => int.Parse(Get(name, fallback), CultureInfo.InvariantCulture);
        double Double(string name, string fallback) => double.Parse(Get(name, fallback), CultureInfo.InvariantCulture);

        var mode = Get("mode", "e2e");
        var stack = StackProfile.Parse(Get("stack", "aaba"));
        var poll = PollPlan.Parse(Get("poll", stack.SupportsLongPoll ? "long" : "20"));
        if (poll.LongPoll && !stack.SupportsLongPoll)
        {
            throw new ArgumentException($"The {stack.Name} stack has no long-poll; use --poll <milliseconds>.");
        }
        return new BenchOptions(
            mode,
            stack,
            new Uri(Get("url", "http://localhost:5080")),
            Int("concurrency", "64"),
            TimeSpan.FromSeconds(Double("duration", "10")),
            Int("tasks", "10000"),
            Get("agent", "add"),
            values.GetValueOrDefault("body"),
            TimeSpan.FromSeconds(Double("warmup", "2")),
            Get("label", mode),
            poll,
            RoundPlan.Parse(Get("rounds", "1"), Int("max-rounds", "8"), Double("agree", "0.10")),
            ServerProcess.ParseList(Get("pids", "")),
            values.TryGetValue("runtime-metrics", out var metrics) ? new Uri(metrics) : null);
    }

    /// <summary>
    /// The input each task gets: <c>--body</c> when given; for <c>lead</c> the old stack's own request
    /// (<c>{"query":"python"}</c>), which both stacks accept; for <c>add</c> two numbers.
    /// </summary>
    public string Input(int i) => Body ?? (Agent == "lead"
        ? """{"query":"python"}"""
        : $$"""{"x":{{i}},"y":1}""");
}

/// <summary>How a task is followed to its end: a status read every <c>IntervalMs</c>, or Aaba's long-poll (<c>?wait_s=10</c>).</summary>
internal sealed record PollPlan(bool LongPoll, int IntervalMs)
{
    public const int LongPollSeconds = 10;

    /// <summary><c>long</c>, or an interval in milliseconds such as <c>20</c>.</summary>
    public static PollPlan Parse(string value) => value == "long"
        ? new PollPlan(true, 0)
        : int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms > 0
            ? new PollPlan(false, ms)
            : throw new ArgumentException($"--poll takes 'long' or a positive number of milliseconds, got '{value}'.");

    public override string ToString() => LongPoll
        ? FormattableString.Invariant($"long-poll wait_s={LongPollSeconds}")
        : FormattableString.Invariant($"poll every {IntervalMs} ms");
}
