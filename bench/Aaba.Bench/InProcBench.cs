using Aaba.Abstractions;
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

        var result = await EndToEndDriver.RunAsync(options, "inproc", async i =>
        {
            var task = grains.GetTaskGrain(TaskId.New(TimeProvider.System));
            await task.StartAsync(new TaskSubmission(options.Agent, options.Input(i)));
            TaskSnapshot? snapshot;
            do
            {
                snapshot = await task.WaitAsync(TimeSpan.FromSeconds(5));
            }
            while (snapshot is { Status: var status } && !status.IsTerminal());
            return snapshot?.Status.ToWireName();
        });
        await host.StopAsync();
        return result;
    }
}
