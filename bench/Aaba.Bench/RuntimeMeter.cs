using System.Globalization;

namespace Aaba.Bench;

/// <summary>
/// What the .NET runtime of an Aaba process spent on compiling code and on garbage-collection pauses during a measured
/// window, read from its Prometheus endpoint (the <c>System.Runtime</c> meter's series) right before the window's
/// first CPU reading and right after its last, so the scrapes themselves fall outside the window. A fresh process's
/// first rounds are slow mostly because the JIT is still compiling and recompiling the hot path (tier 0, instrumented,
/// then optimized code); these figures show how much of a round's CPU that was.
/// </summary>
internal sealed class RuntimeMeter(Uri? metricsUrl) : IDisposable
{
    private const string JitSeconds = "dotnet_jit_compilation_time_seconds_total";
    private const string JitMethods = "dotnet_jit_compiled_methods_total";
    private const string GcPauseSeconds = "dotnet_gc_pause_time_seconds_total";

    private readonly HttpClient? _http = metricsUrl is null ? null : new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

    public bool Enabled => _http is not null;

    public async Task<RuntimeSnapshot> TakeAsync() =>
        Parse(await _http!.GetStringAsync(metricsUrl));

    /// <summary>The three series from Prometheus text; a series the endpoint does not export is an error (the window would silently read 0).</summary>
    public static RuntimeSnapshot Parse(string text)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }
            var name = line.IndexOfAny(['{', ' ']) is var end and > 0 ? line[..end] : line;
            if (name is JitSeconds or JitMethods or GcPauseSeconds)
            {
                values[name] = values.GetValueOrDefault(name) + double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
        }
        double Value(string series) => values.TryGetValue(series, out var value)
            ? value
            : throw new InvalidOperationException($"The metrics endpoint exports no {series} series (is the System.Runtime meter on?).");
        return new RuntimeSnapshot(Value(JitSeconds), (long)Value(JitMethods), Value(GcPauseSeconds));
    }

    public void Dispose() => _http?.Dispose();
}

internal sealed record RuntimeSnapshot(double JitSeconds, long JitMethods, double GcPauseSeconds)
{
    public static RuntimeUsage Between(RuntimeSnapshot before, RuntimeSnapshot after) =>
        new(after.JitSeconds - before.JitSeconds, after.JitMethods - before.JitMethods, after.GcPauseSeconds - before.GcPauseSeconds);
}

/// <summary>
/// Seconds the JIT spent compiling (its own clock: on a busy machine this includes time it waited for a core) and
/// methods it compiled, and seconds the process's threads were paused for garbage collection, in one window.
/// </summary>
internal sealed record RuntimeUsage(double JitSeconds, long JitMethods, double GcPauseSeconds);
