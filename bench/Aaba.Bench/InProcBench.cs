using Aaba.Abstractions;
using Aaba.Abstractions.Security;
using Aaba.Abstractions.Tasks;
using Aaba.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aaba.Bench;

/// <summary>
/// The same end-to-end run without HTTP: grain calls from an Orleans client. With <c>AABA_REDIS</c> set it joins that
/// cluster as a client; without it, it hosts its own embedded silo on a fresh data folder. Shows the ceiling that the
/// HTTP layer sits under.
/// </summary>
internal static class InProcBench
{
    public static async Task<BenchResult> RunAsync(BenchOptions options)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AABA_REDIS")))
        {
            builder.Configuration["Aaba:Embedded:DataDir"] = Path.Combine(Path.GetTempPath(), $"aaba-bench-{Guid.NewGuid():N}");
        }
        builder.AddAabaCluster();
        using var host = builder.Build();
        await host.StartAsync();
        var grains = host.Services.GetRequiredService<IGrainFactory>();

        async Task<string?> RunOneAsync(int i)
        {
            var task = grains.GetTaskGrain(TaskId.New(TimeProvider.System));
            await task.StartAsync(new TaskSubmission(options.Agent, options.Input(i)));
            TaskSnapshot? snapshot;
            do
            {
                snapshot = await task.WaitAsync(TenantId.Default, TimeSpan.FromSeconds(5));
            }
            while (snapshot is { Status: var status } && !status.IsTerminal());
            return snapshot?.Status.ToWireName();
        }

        // This process (generator and silo) starts cold, unlike the API the HTTP modes measure: warm it up first.
        var warmUp = Math.Min(options.Tasks, 10_000);
        Console.WriteLine($"inproc: warming up with {warmUp} tasks (not measured)");
        await EndToEndDriver.RunAsync(options with { Tasks = warmUp }, "inproc", RunOneAsync);
        var result = await EndToEndDriver.RunAsync(options, "inproc", RunOneAsync);
        await host.StopAsync();
        return result;
    }
}
