using System.Diagnostics;
using System.Globalization;
using Aaba.Testing;

namespace Aaba.ProcessTests.Process;

/// <summary>
/// SIGTERM (Ctrl-C, a deploy) while tasks run and a client watches one: the process must close its event streams
/// (telling watchers to reconnect), hand its runs back and exit promptly; started again, it finishes every task with
/// no attempt counted as lost.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class GracefulShutdownTests
{
    private const int HeldTasks = 4;
    private const int AddedY = 2;

    /// <summary>A stop must not hang on held work or open streams.</summary>
    private static readonly TimeSpan ExitLimit = TimeSpan.FromSeconds(15);

    /// <summary>How long the test keeps waiting after the limit, only to report the real exit time before it kills the process.</summary>
    private static readonly TimeSpan ExitMeasuredUpTo = TimeSpan.FromSeconds(45);

    /// <summary>The held tasks run 20 s again after the restart; the rest is recovery.</summary>
    private static readonly TimeSpan FinishLimit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Sigterm_ends_event_streams_with_reconnect_exits_within_15_seconds_and_no_attempt_is_lost()
    {
        await using var aaba = await EmbeddedAabaProcess.StartAsync();
        var ids = new List<string>();
        for (var i = 0; i < HeldTasks; i++)
        {
            ids.Add(await aaba.Client.RunAsync("add", $$"""{"x":{{i}},"y":{{AddedY}},"delay_ms":20000}"""));
        }
        var clock = Stopwatch.StartNew();
        await using var watcher = await EventStreamRecorder.OpenAsync(aaba.Client.Http, ids[0], clock);
        // The replayed "running" event proves the stream is open end to end before the stop.
        await watcher.WaitForEventAsync(e => e.Type == "status" && e.Data.Contains("\"running\"", StringComparison.Ordinal),
            "the running status event", TimeSpan.FromSeconds(10));

        var terminatedAt = clock.Elapsed;
        await aaba.TerminateAsync();
        var exitedInTime = await aaba.Current.WaitForExitAsync(ExitMeasuredUpTo);
        var exitedAt = clock.Elapsed;
        var exitLog = aaba.Logs(60);
        if (!exitedInTime)
        {
            // Only to go on: a process that ignores SIGTERM is killed, and the task checks below then say little.
            aaba.Kill();
        }
        var exitCode = aaba.Current.ExitCode;
        await watcher.WaitForEndAsync(TimeSpan.FromSeconds(5));
        var exit = exitedInTime
            ? $"exited {(exitedAt - terminatedAt).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s after SIGTERM with code {exitCode}"
            : $"still running {ExitMeasuredUpTo.TotalSeconds:0} s after SIGTERM (then killed)";
        var stream = watcher.Describe();

        await aaba.RestartAsync(EmbeddedAabaProcess.StartTimeout);
        var outcomes = await TaskOutcomes.WaitForTerminalAsync(aaba.Client.Http, ids, FinishLimit);

        var lastEvent = watcher.Events.LastOrDefault();
        var figures = $"Embedded SIGTERM with {HeldTasks} held tasks and an SSE watcher: {exit}; stream (SIGTERM at " +
                      $"{terminatedAt.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s): {stream}; after the restart: " +
                      string.Join("; ", outcomes.Select(o => o.ToString()));
        Measurements.Record(figures);

        Assert.Multiple(
            () => Assert.True(exitedInTime && exitedAt - terminatedAt < ExitLimit,
                $"The process did not exit within {ExitLimit} of SIGTERM: {exit}.\n{figures}\n{exitLog}"),
            () => Assert.True(watcher.EndedCleanly,
                $"The event stream was not closed by the server (a clean end of the response) but cut or left open: {stream}.\n{exitLog}"),
            () => Assert.True(watcher.EndedAt is { } end && (!exitedInTime || end <= exitedAt),
                $"The event stream did not end before the process exited ({exit}): {stream}."),
            () => Assert.True(lastEvent is null || lastEvent.Type is "status" or "progress" or "reconnect",
                $"The last event before the stream ended must be 'reconnect' (or a status or progress event just before the end); got '{lastEvent?.Type}': {stream}."),
            () => Assert.True(watcher.Events.Any(e => e.Type == "reconnect"),
                $"The server must tell the watcher to reconnect (an event of type 'reconnect', after which it resumes with Last-Event-ID) before it closes the stream; received none: {stream}."),
            () => Assert.True(outcomes.All(o => o.Status == "succeeded" && o.Task!.Value.GetProperty("result").GetProperty("sum").GetDouble() == ids.IndexOf(o.TaskId) + AddedY),
                $"Not every task succeeded after the restart:\n{TaskOutcomes.Summarize(outcomes, o => o.Status == "succeeded", HeldTasks)}\n{aaba.Logs()}"),
            () => Assert.True(outcomes.All(o => !o.AttemptErrorCodes.Contains("lost")),
                $"A stop that hands its runs back must not count them as lost ('handed_back' is fine):\n" +
                TaskOutcomes.Summarize(outcomes, o => !o.AttemptErrorCodes.Contains("lost"), HeldTasks)));
    }
}
