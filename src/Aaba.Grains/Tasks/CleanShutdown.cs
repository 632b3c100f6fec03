using Aaba.Grains.Agents;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aaba.Grains.Tasks;

/// <summary>
/// A clean stop (SIGTERM, Ctrl-C, a rolling restart) before the silo itself stops: this silo stops recovering
/// tasks and taking runs, and hands every run it has back to its task, which runs again on a live silo or after the
/// restart without counting a lost attempt. Bounded by <see cref="TaskOptions.HandBackTimeout"/>; whatever is not
/// handed back by then is recovered when its lease expires.
/// </summary>
public sealed partial class CleanShutdown(
    SiloDrain drain,
    TaskRecoveryService recovery,
    AgentRunner runner,
    IOptions<TaskOptions> options,
    ILogger<CleanShutdown> logger) : IHostedLifecycleService
{
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        drain.Begin();
        await recovery.StopTakingWorkAsync();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.HandBackTimeout);
        await runner.DrainAsync(timeout.Token);
        LogDrained(logger);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Clean shutdown: runs handed back; the silo stops now")]
    private static partial void LogDrained(ILogger logger);
}
