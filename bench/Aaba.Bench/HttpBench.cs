using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Aaba.Bench;

/// <summary>Load over real HTTP: closed loops of <c>Concurrency</c> workers, each sending its next request as soon as the last answered.</summary>
internal sealed class HttpBench(BenchOptions options) : IDisposable
{
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

    public async Task<BenchResult> RunAsync() => options.Mode switch
    {
        "ceiling" => await ClosedLoopAsync((_, ct) => SendAsync(HttpMethod.Get, "/healthz", null, ct)),
        "submit" => await ClosedLoopAsync((i, ct) => SendAsync(HttpMethod.Post, $"/agents/{options.Agent}/run", options.Input(i), ct)),
        "status" => await StatusAsync(),
        "e2e" => await EndToEndAsync(),
        _ => throw new ArgumentException($"Unknown mode '{options.Mode}' (ceiling, submit, status, e2e, inproc)."),
    };

    private async Task<BenchResult> StatusAsync()
    {
        var ids = new List<string>();
        for (var i = 0; i < 1000; i++)
        {
            ids.Add(await SubmitAsync(i, CancellationToken.None) ?? throw new InvalidOperationException("Could not create the tasks to read."));
        }
        return await ClosedLoopAsync((i, ct) => SendAsync(HttpMethod.Get, $"/agents/status/{ids[i % ids.Count]}", null, ct));
    }

    private async Task<BenchResult> ClosedLoopAsync(Func<int, CancellationToken, Task<HttpStatusCode>> send)
    {
        await LoopAsync(send, options.Warmup, recorder: null);
        var recorder = new LatencyRecorder();
        var clock = Stopwatch.StartNew();
        await LoopAsync(send, options.Duration, recorder);
        return recorder.Result(options.Label, options.Mode, clock.Elapsed, options.Concurrency);
    }

    private async Task LoopAsync(Func<int, CancellationToken, Task<HttpStatusCode>> send, TimeSpan duration, LatencyRecorder? recorder)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var counter = 0;
        await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(_ => Task.Run(async () =>
        {
            var latencies = recorder?.NewWorkerList();
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var started = Stopwatch.GetTimestamp();
                var status = await send(Interlocked.Increment(ref counter), CancellationToken.None);
                if ((int)status is >= 200 and < 300)
                {
                    latencies?.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                else
                {
                    recorder?.Error(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        })));
    }

    /// <summary>Submits N tasks and follows each to its end with a long-polling status read; measures submit-to-terminal.</summary>
    private Task<BenchResult> EndToEndAsync() => EndToEndDriver.RunAsync(options, options.Mode, async i =>
    {
        var id = await SubmitAsync(i, CancellationToken.None);
        return id is null ? "submit_refused" : await WaitForEndAsync(id);
    });

    private async Task<string?> WaitForEndAsync(string id)
    {
        var deadline = Stopwatch.GetTimestamp() + 120 * Stopwatch.Frequency;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            using var response = await _http.GetAsync($"/agents/status/{id}?wait_s=10");
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
            if (!response.IsSuccessStatusCode)
            {
                continue;
            }
            using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
            var status = document.RootElement.GetProperty("status").GetString();
            if (status is "succeeded" or "failed" or "cancelled")
            {
                return status;
            }
        }
        return "timed_out";
    }

    private async Task<string?> SubmitAsync(int i, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync($"/agents/{options.Agent}/run",
            new StringContent(options.Input(i), Encoding.UTF8, "application/json"), cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            return null;
        }
        using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
        return document.RootElement.GetProperty("task_id").GetString();
    }

    private async Task<HttpStatusCode> SendAsync(HttpMethod method, string path, string? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    public void Dispose() => _http.Dispose();
}
