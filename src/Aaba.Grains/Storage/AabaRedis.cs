using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aaba.Grains.Storage;

/// <summary>
/// The silo's own Redis connection, for the few things Orleans' providers don't cover (the index of unfinished tasks).
/// One multiplexer per process, connected on first use.
/// </summary>
public sealed class AabaRedis(IOptions<RedisConnectionOptions> options) : IAsyncDisposable
{
    private readonly Lazy<Task<ConnectionMultiplexer>> _connection = new(() => ConnectAsync(options.Value));

    public async Task<IDatabase> GetDatabaseAsync() => (await _connection.Value.ConfigureAwait(false)).GetDatabase();

    private static Task<ConnectionMultiplexer> ConnectAsync(RedisConnectionOptions options) =>
        ConnectionMultiplexer.ConnectAsync(options.ToConfigurationOptions());

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated)
        {
            var connection = await _connection.Value.ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
