using System.Diagnostics;

namespace Aaba.Bench;

/// <summary>
/// Runs N tasks on <c>Concurrency</c> workers, each task submitted and followed to its end by <c>runOne</c>, and
/// measures submit-to-terminal latency. A task that was accepted but did not end <c>succeeded</c> counts as lost; a
/// submission that was refused counts as an error only.
/// </summary>
internal static class EndToEndDriver
{
    /// <summary>What <c>runOne</c> returns, followed by the HTTP status, when the submission itself was refused.</summary>
    public const string SubmitErrorPrefix = "submit_";

    /// <param name="options">Tasks, concurrency and label.</param>
    /// <param name="mode">The mode named in the result.</param>
    /// <param name="runOne">Runs task number i to its end and returns its final status (null: it vanished).</param>
    public static async Task<BenchResult> RunAsync(BenchOptions options, string mode, Func<int, Task<string?>> runOne)
    {
        var recorder = new LatencyRecorder();
        var next = -1;
        long lost = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(_ => Task.Run(async () =>
        {
            var latencies = recorder.NewWorkerList();
            int i;
            while ((i = Interlocked.Increment(ref next)) < options.Tasks)
            {
                var started = Stopwatch.GetTimestamp();
                var status = await runOne(i);
                if (status == "succeeded")
                {
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                else
                {
                    if (status is null || !status.StartsWith(SubmitErrorPrefix, StringComparison.Ordinal))
                    {
                        Interlocked.Increment(ref lost);
                    }
                    recorder.Error(status ?? "not_found");
                }
            }
        })));
        return recorder.Result(options.Label, mode, clock.Elapsed, options.Concurrency, lost);
    }
}
