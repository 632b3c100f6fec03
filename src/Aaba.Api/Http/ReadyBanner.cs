using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Aaba.Api.Http;

/// <summary>Says once, when the API is listening, where to reach it.</summary>
internal sealed partial class ReadyBanner(IServer server, IHostApplicationLifetime lifetime, ILogger<ReadyBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses;
            if (addresses is { Count: > 0 })
            {
                LogReady(logger, string.Join(", ", addresses));
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Aaba is ready on {Addresses} (API reference at /docs)")]
    private static partial void LogReady(ILogger logger, string addresses);
}
