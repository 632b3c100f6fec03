using Aaba.Bench;

// Aaba's load generator. Modes: ceiling (GET /healthz: the generator's own ceiling), submit, status, e2e, inproc.
// Prints a human line and a "JSON {...}" line per run; scripts/bench.sh collects them into BENCHMARKS.md.
var options = BenchOptions.Parse(args);
BenchResult result;
if (options.Mode == "inproc")
{
    result = await InProcBench.RunAsync(options);
}
else
{
    using var bench = new HttpBench(options);
    result = await bench.RunAsync();
}
result.Print();
