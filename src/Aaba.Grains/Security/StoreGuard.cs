using Aaba.Abstractions.Tasks;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Aaba.Grains.Security;

/// <summary>Store failures cross the grain boundary as <see cref="StorageUnavailableException"/> (a 503), never as Redis' own types.</summary>
internal static partial class StoreGuard
{
    public static async Task<T> RunAsync<T>(Func<Task<T>> operation, ILogger logger)
    {
        try
        {
            return await operation();
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            LogFailed(logger, exception);
            throw new StorageUnavailableException("The store is unavailable; nothing was changed. Retry shortly.");
        }
    }

    public static Task RunAsync(Func<Task> operation, ILogger logger) => RunAsync(async () =>
    {
        await operation();
        return true;
    }, logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A security store operation failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
