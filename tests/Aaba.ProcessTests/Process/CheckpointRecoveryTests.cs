using System.Collections.Concurrent;
using System.Globalization;
using Aaba.Testing;

namespace Aaba.ProcessTests.Process;

/// <summary>
/// The embedded store checkpoints itself and truncates its append-only file whenever that file passes
/// <c>Aaba__Embedded__AofSizeLimit</c>; after a kill -9 a restart reads the last checkpoint and replays the file from
/// there. Tasks accepted before the checkpoints (now only in them), between them and after the last (only in the
/// file) must all be there after the restart, and the unfinished ones must run to the end. The first run uses the hash
/// index size of earlier releases (Garnet's 128 MB default), the restart today's: a data folder survives the upgrade.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class CheckpointRecoveryTests
{
    /// <summary>Small, so a few thousand small tasks pass it twice; Garnet checks it every 5 s.</summary>
    private const string AofSizeLimit = "4m";
    private const string EarlierIndexSize = "128m";
    private const int CheckpointsBeforeKill = 2;
    private const int Submitters = 8;
    private const int HeldAfterLastCheckpoint = 40;
    private const int AddedY = 3;
    private static readonly TimeSpan CheckpointsLimit = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan ReadyLimit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan FinishLimit = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Tasks_from_before_between_and_after_checkpoints_survive_a_kill_9_and_an_upgrade()
    {
        await using var aaba = await EmbeddedAabaProcess.StartAsync(new Dictionary<string, string>
        {
            ["Aaba__Embedded__AofSizeLimit"] = AofSizeLimit,
            ["Aaba__Embedded__IndexSize"] = EarlierIndexSize,
        });
        var accepted = new ConcurrentDictionary<string, int>();
        var checkpoints = new HashSet<string>();
        var next = 0;
        using var enough = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        var submitters = Enumerable.Range(0, Submitters).Select(_ => Task.Run(async () =>
        {
            while (!enough.IsCancellationRequested)
            {
                var x = Interlocked.Increment(ref next);
                accepted[await SubmitAsync(aaba, x, delayMs: 0)] = x;
            }
        }, TestContext.Current.CancellationToken)).ToList();
        try
        {
            await Eventually.UntilAsync(() =>
            {
                if (submitters.FirstOrDefault(s => s.IsFaulted) is { } failed)
                {
                    Assert.Fail($"A submitter failed: {failed.Exception}\n{aaba.Logs()}");
                }
                checkpoints.UnionWith(CheckpointsOnDisk(aaba.DataDir));
                return Task.FromResult(checkpoints.Count >= CheckpointsBeforeKill);
            }, $"{CheckpointsBeforeKill} checkpoints of the embedded store", CheckpointsLimit);
        }
        finally
        {
            await enough.CancelAsync();
            await Task.WhenAll(submitters);
        }
        var beforeLast = accepted.Count;
        for (var i = 0; i < HeldAfterLastCheckpoint; i++)
        {
            var x = Interlocked.Increment(ref next);
            accepted[await SubmitAsync(aaba, x, delayMs: 3000)] = x;
        }

        aaba.Kill();
        var ready = await aaba.RestartAsync(ReadyLimit, new Dictionary<string, string> { ["Aaba__Embedded__AofSizeLimit"] = AofSizeLimit });
        var ids = accepted.Keys.ToList();
        var outcomes = await TaskOutcomes.WaitForTerminalAsync(aaba.Client.Http, ids, FinishLimit);

        var succeeded = outcomes.Count(o => o.Status == "succeeded" &&
            o.Task!.Value.GetProperty("result").GetProperty("sum").GetDouble() == accepted[o.TaskId] + AddedY);
        var figures = $"Embedded kill -9 after {checkpoints.Count} checkpoints (append-only file limit {AofSizeLimit}), restarted with a new index size: " +
                      $"{beforeLast} tasks accepted until the last checkpoint was seen, {HeldAfterLastCheckpoint} held ones after it; " +
                      $"ready {ready.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s after the restart; " +
                      $"{succeeded}/{ids.Count} succeeded with the right sum, {outcomes.Count(o => o.HttpStatus == 404)} not found (404).";
        Measurements.Record(figures);
        Assert.True(succeeded == ids.Count,
            $"{figures}\nNot every accepted task survived: " +
            TaskOutcomes.Summarize(outcomes, o => o.Status == "succeeded") + $"\n{aaba.Logs()}");
    }

    private static Task<string> SubmitAsync(EmbeddedAabaProcess aaba, int x, int delayMs) =>
        aaba.Client.RunAsync("add", $$"""{"x":{{x}},"y":{{AddedY}},"delay_ms":{{delayMs}}}""");

    /// <summary>Garnet keeps each checkpoint of the store in a folder of its own (the older ones are deleted).</summary>
    private static IEnumerable<string> CheckpointsOnDisk(string dataDir)
    {
        var folder = Path.Combine(dataDir, "Store", "checkpoints", "cpr-checkpoints");
        return Directory.Exists(folder) ? Directory.EnumerateDirectories(folder).Select(Path.GetFileName).OfType<string>() : [];
    }
}
