namespace Aaba.Bench;

/// <summary>
/// Aaba's load generator, for Aaba and for the stack it replaces (<c>--stack aaba|celery</c>). Modes: hold (many tasks waiting at once: the idle cost), ceiling (GET the
/// health route: the generator's own ceiling), submit, status, e2e, inproc (Aaba only, no HTTP). Prints a human line
/// and a <c>JSON {...}</c> line per run or round; scripts/bench.sh collects them into BENCHMARKS.md.
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            await Console.Error.WriteLineAsync($"Aaba.Bench: {e.Message}");
            return 2;
        }
        if (options.Mode == "inproc")
        {
            (await InProcBench.RunAsync(options)).Print();
        }
        else
        {
            using var bench = new HttpBench(options);
            await bench.RunAsync();
        }
        return 0;
    }
}
