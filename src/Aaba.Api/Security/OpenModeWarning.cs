namespace Aaba.Api.Security;

/// <summary>Says at start, loudly and more than once, that the API runs without access control.</summary>
internal sealed partial class OpenModeWarning(AccessMode access, IHostApplicationLifetime lifetime, ILogger<OpenModeWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (access.Open)
        {
            LogOpen(logger, access.Embedded ? "embedded mode without AABA_BOOTSTRAP_KEY" : "AABA_AUTH_MODE=Open");
            lifetime.ApplicationStarted.Register(() => LogOpen(logger, access.Embedded ? "embedded mode without AABA_BOOTSTRAP_KEY" : "AABA_AUTH_MODE=Open"));
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "OPEN MODE ({Why}): NO API KEYS ARE CHECKED. Anyone who reaches this port can read every task, run agents, spend the model " +
        "budget, manage secrets and open the dashboard. Fine on a laptop; never expose it. Set AABA_BOOTSTRAP_KEY=aaba_<random> to require keys.")]
    private static partial void LogOpen(ILogger logger, string why);
}
