using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aaba.Grains.Storage;

/// <summary>
/// The process's own Redis connection, for what Orleans' providers don't cover: task records, their index, transcripts.
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
