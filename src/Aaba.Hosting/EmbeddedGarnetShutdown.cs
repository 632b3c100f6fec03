using Microsoft.Extensions.Hosting;

namespace Aaba.Hosting;

/// <summary>
/// Stops the embedded Garnet server once every hosted service (the silo among them) has stopped, which releases the
/// data folder for the next process. The container would not: it does not dispose instances it was handed.
/// </summary>
internal sealed class EmbeddedGarnetShutdown(EmbeddedGarnet garnet) : IHostedLifecycleService
{
    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        garnet.Dispose();
        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
