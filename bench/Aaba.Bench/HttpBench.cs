using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Aaba.Bench;

/// <summary>
/// Load over real HTTP against either stack (<see cref="StackProfile"/>): closed loops of <c>Concurrency</c> workers,
/// each sending its next request as soon as the last answered. With <c>--pids</c> every measured window is bracketed
/// by CPU readings of the server processes (see <see cref="CpuMeter"/>); warm-up is never measured.
/// </summary>
internal sealed class HttpBench(BenchOptions options) : IDisposable
{
    private static readonly TimeSpan FollowLimit = TimeSpan.FromSeconds(120);

    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = options.Concurrency,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseProxy = false,
    })
    {
        BaseAddress = options.Url,
        Timeout = TimeSpan.FromSeconds(60),
    };

    private readonly CpuMeter _cpu = new(options.Servers);
    private readonly RuntimeMeter _runtime = new(options.RuntimeMetrics);
    private readonly StackProfile _stack = options.Stack;

    /// <summary>Runs the mode and prints its result line(s).</summary>
    public async Task RunAsync()
    {
        switch (options.Mode)
        {
            case "ceiling":
                Print(await ClosedLoopAsync((_, _) => SendAsync(HttpMethod.Get, _stack.HealthPath, null)));
                break;
            case "submit":
                Print(await SubmitAsync());
                break;
            case "status":
                Print(await StatusAsync());
                break;
            case "e2e":
                await EndToEndAsync();
                break;
            case "hold":
                Print(await HoldAsync());
                break;
            default:
                throw new ArgumentException($"Unknown mode '{options.Mode}' (ceiling, submit, status, e2e, hold, inproc).");
        }
    }

    private void Print(BenchResult result) => (result with { Stack = _stack.Name }).Print();

    /// <summary>
    /// Submissions for <c>Duration</c>. The queue is drained before the window (so the window does not pay for the
    /// warm-up's backlog) and after it: <c>cpu</c> is the window alone, <c>cpu_with_drain</c> runs until the last task
    /// each worker submitted has finished, so a stack that defers its work to a queue is charged for it.
    /// </summary>
    private async Task<BenchResult> SubmitAsync()
    {
        var lastIds = new string?[options.Concurrency];
        async Task<HttpStatusCode> SubmitOneAsync(int i, int worker)
        {
            var (code, id) = await TrySubmitAsync(i);
            if (id is not null)
            {
                lastIds[worker] = id;
            }
            return code;
        }

        await LoopAsync(SubmitOneAsync, options.Warmup, recorder: null);
        await DrainAsync(lastIds);
        var before = _cpu.Enabled ? _cpu.Take() : null;
        var recorder = new LatencyRecorder();
        var clock = Stopwatch.StartNew();
        await LoopAsync(SubmitOneAsync, options.Duration, recorder);
        var elapsed = clock.Elapsed;
        var window = before is null ? null : _cpu.Take();
        await DrainAsync(lastIds);
        var drained = before is null ? null : _cpu.Take();
        return recorder.Result(options.Label, options.Mode, elapsed, options.Concurrency) with
        {
            Cpu = before is null ? null : CpuMeter.Between(before, window!),
            CpuWithDrain = before is null ? null : CpuMeter.Between(before, drained!),
        };
    }

    private async Task DrainAsync(IEnumerable<string?> ids) =>
        await Task.WhenAll(ids.OfType<string>().Select(FollowAsync));

    /// <summary>Status reads of 1,000 finished tasks (created and followed to their end first, not measured).</summary>
    private async Task<BenchResult> StatusAsync()
    {
        var ids = new string[1000];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < ids.Length)
            {
                var (code, id) = await TrySubmitAsync(i);
                ids[i] = id ?? throw new InvalidOperationException($"Could not create the tasks to read (HTTP {(int)code}).");
                await FollowAsync(id);
            }
        })));
        return await ClosedLoopAsync((i, _) => SendAsync(HttpMethod.Get, _stack.StatusPath(ids[i % ids.Length]), null));
    }

    private async Task<BenchResult> ClosedLoopAsync(Func<int, int, Task<HttpStatusCode>> send)
    {
        await LoopAsync(send, options.Warmup, recorder: null);
        var before = _cpu.Enabled ? _cpu.Take() : null;
        var recorder = new LatencyRecorder();
        var clock = Stopwatch.StartNew();
        await LoopAsync(send, options.Duration, recorder);
        var elapsed = clock.Elapsed;
        return recorder.Result(options.Label, options.Mode, elapsed, options.Concurrency) with
        {
            Cpu = before is null ? null : CpuMeter.Between(before, _cpu.Take()),
        };
    }

    /// <param name="send">Sends request number i from worker w and returns the HTTP status (0: no answer).</param>
    /// <param name="duration">How long the loop runs.</param>
    /// <param name="recorder">Where latencies go; null for an unmeasured warm-up.</param>
    private async Task LoopAsync(Func<int, int, Task<HttpStatusCode>> send, TimeSpan duration, LatencyRecorder? recorder)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var counter = 0;
        await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(worker => Task.Run(async () =>
        {
            var latencies = recorder?.NewWorkerList();
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var started = Stopwatch.GetTimestamp();
                var status = await send(Interlocked.Increment(ref counter), worker);
                if ((int)status is >= 200 and < 300)
                {
                    latencies?.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                else
                {
                    recorder?.Error(((int)status).ToString(CultureInfo.InvariantCulture));
                }
            }
        })));
    }

    /// <summary>
    /// Rounds of <c>Tasks</c> tasks, each submitted and followed to its end (<see cref="PollPlan"/>); latency is
    /// submit-to-terminal. Every round is printed; with more than one round, the reported one is printed again as
    /// <c>kind: rounds</c> with the summary.
    /// </summary>
    private async Task EndToEndAsync()
    {
        var plan = options.Rounds;
        var single = !plan.UntilStable && plan.Count == 1;
        var rounds = new List<BenchResult>();
        var figures = new List<RoundFigures>();
        do
        {
            var number = rounds.Count + 1;
            var runtimeBefore = _runtime.Enabled ? await _runtime.TakeAsync() : null;
            var before = _cpu.Enabled ? _cpu.Take() : null;
            var result = await EndToEndDriver.RunAsync(
                options with { Label = single ? options.Label : FormattableString.Invariant($"{options.Label} round {number}") },
                options.Mode,
                RunOneAsync);
            result = result with
            {
                Kind = single ? "run" : "round",
                Round = single ? null : number,
                Stack = _stack.Name,
                Poll = options.Poll.ToString(),
                Cpu = before is null ? null : CpuMeter.Between(before, _cpu.Take()),
            };
            if (runtimeBefore is not null)
            {
                result = result with { Runtime = RuntimeSnapshot.Between(runtimeBefore, await _runtime.TakeAsync()) };
            }
            result.Print();
            rounds.Add(result);
            figures.Add(new RoundFigures(result.PerSecond, result.ServerCpuMsPerOp));
        }
        while (!plan.IsDone(figures));

        if (!single)
        {
            var summary = plan.Summarize(figures);
            (rounds[summary.ChosenRound - 1] with { Kind = "rounds", Label = options.Label, Summary = summary }).Print();
        }
    }

    /// <summary>
    /// Many tasks in flight at once, as agents that wait on models make them: submits <c>Tasks</c> <c>add</c> tasks
    /// that each hold <c>Duration</c>, measures the server's CPU while all of them wait (what waiting tasks cost), then
    /// follows each to its end. Lost: not succeeded within the hold plus 30 s after the last submission.
    /// </summary>
    private async Task<BenchResult> HoldAsync()
    {
        var hold = options.Duration;
        var body = FormattableString.Invariant($$"""{"x":1,"y":2,"delay_ms":{{(long)hold.TotalMilliseconds}}}""");
        var ids = new string?[options.Tasks];
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < options.Tasks)
            {
                using var response = await _http.PostAsync(_stack.SubmitPath("add"), new StringContent(body, Encoding.UTF8, "application/json"));
                if (_stack.Accepted((int)response.StatusCode))
                {
                    using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
                    ids[i] = document.RootElement.GetProperty("task_id").GetString();
                }
            }
        })));
        var submitted = clock.Elapsed;
        // The window: every task submitted and settled, none finished yet.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var window = hold - clock.Elapsed - TimeSpan.FromSeconds(3);
        if (window < TimeSpan.FromSeconds(5))
        {
            throw new ArgumentException($"Submitting took {submitted.TotalSeconds:0} s: hold the tasks longer (--duration) to leave a window while all of them wait.");
        }
        var before = _cpu.Enabled ? _cpu.Take() : null;
        await Task.Delay(window);
        var waiting = before is null ? null : CpuMeter.Between(before, _cpu.Take());
        var limit = submitted + hold + TimeSpan.FromSeconds(30);
        var statuses = new string?[options.Tasks];
        var follow = -1;
        await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref follow)) < options.Tasks)
            {
                statuses[i] = ids[i] is { } id ? await FollowAsync(id) : "not_accepted";
            }
        })));
        var finished = clock.Elapsed;
        var lost = statuses.Count(s => s != "succeeded");
        var errors = new SortedDictionary<string, int>(statuses.Where(s => s != "succeeded").GroupBy(s => s ?? "not_found").ToDictionary(g => g.Key, g => g.Count()), StringComparer.Ordinal);
        Console.WriteLine(FormattableString.Invariant(
            $"hold: {options.Tasks} tasks holding {hold.TotalSeconds:0} s submitted in {submitted.TotalSeconds:0.0} s; while all waited ({window.TotalSeconds:0.0} s) the server used {(waiting is null ? double.NaN : waiting.ServerSeconds / waiting.WallSeconds):0.000} cores; all followed to their end {finished.TotalSeconds:0.0} s after the first submission ({(finished <= limit ? "within" : "PAST")} the limit of {limit.TotalSeconds:0.0} s); not succeeded: {lost}"));
        return new BenchResult(options.Label, "hold", options.Concurrency, options.Tasks, window.TotalSeconds, options.Tasks / submitted.TotalSeconds,
            0, 0, 0, 0, errors, lost) { Cpu = waiting };
    }

    private async Task<string?> RunOneAsync(int i)
    {
        var (code, id) = await TrySubmitAsync(i);
        return id is null ? FormattableString.Invariant($"{EndToEndDriver.SubmitErrorPrefix}{(int)code}") : await FollowAsync(id);
    }

    /// <summary>Follows a task to its end; returns its final status in Aaba's vocabulary, null if it vanished (404), or <c>timed_out</c>.</summary>
    private async Task<string?> FollowAsync(string id)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(FollowLimit.TotalSeconds * Stopwatch.Frequency);
        var path = _stack.StatusPath(id, options.Poll.LongPoll ? PollPlan.LongPollSeconds : null);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            // The poll interval comes first: a client told "accepted" waits before it asks again (long-poll waits in the server).
            await Task.Delay(options.Poll.LongPoll ? 0 : options.Poll.IntervalMs);
            try
            {
                using var response = await _http.GetAsync(path);
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return null;
                }
                if (!response.IsSuccessStatusCode)
                {
                    await Task.Delay(options.Poll.LongPoll ? 20 : 0);
                    continue;
                }
                using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
                var status = _stack.Normalize(document.RootElement.GetProperty("status").GetString());
                if (StackProfile.IsTerminal(status))
                {
                    return status;
                }
            }
            catch (HttpRequestException)
            {
                await Task.Delay(20);
            }
        }
        return "timed_out";
    }

    private async Task<(HttpStatusCode Code, string? Id)> TrySubmitAsync(int i)
    {
        try
        {
            using var response = await _http.PostAsync(_stack.SubmitPath(options.Agent),
                new StringContent(options.Input(i), Encoding.UTF8, "application/json"));
            if (!_stack.Accepted((int)response.StatusCode))
            {
                return (response.StatusCode, null);
            }
            using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
            return (response.StatusCode, document.RootElement.GetProperty("task_id").GetString());
        }
        catch (HttpRequestException)
        {
            return (0, null);
        }
    }

    private async Task<HttpStatusCode> SendAsync(HttpMethod method, string path, string? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _runtime.Dispose();
    }
}
