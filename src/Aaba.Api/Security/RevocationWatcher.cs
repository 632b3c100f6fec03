using Microsoft.Extensions.Options;

namespace Aaba.Api.Security;

/// <summary>Polls the keys' revocation generation (<see cref="ApiKeyCache.CheckGenerationAsync"/>) while the API runs with keys.</summary>
internal sealed partial class RevocationWatcher(
    ApiKeyCache cache, AccessMode access, IOptions<AuthOptions> options, TimeProvider time, ILogger<RevocationWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (access.Open)
        {
            return;
        }
        using var timer = new PeriodicTimer(options.Value.RevocationCheckInterval, time);
        try
        {
            do
            {
                try
                {
                    await cache.CheckGenerationAsync();
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    // The cache is not trusted until a check succeeds: every key is looked up meanwhile.
                    LogCheckFailed(logger, exception);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not check for revoked keys; looking every key up until a check succeeds")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}
