using Aaba.Grains.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aaba.Grains.Security;

/// <summary>
/// The connection Data Protection keeps its key ring on. Data Protection's key repository is synchronous (it reads
/// the ring rarely: at start, when a key expires, when it meets an unknown key id), so it gets its own connection,
/// opened synchronously on first use, rather than blocking on <see cref="AabaRedis"/>'s asynchronous one.
/// </summary>
public sealed class DataProtectionRedis(IOptions<RedisConnectionOptions> options) : IDisposable
{
    private readonly Lazy<ConnectionMultiplexer> _connection = new(() => ConnectionMultiplexer.Connect(options.Value.ToConfigurationOptions()));

    public IDatabase Database() => _connection.Value.GetDatabase();

    public void Dispose()
    {
        if (_connection.IsValueCreated)
        {
            _connection.Value.Dispose();
        }
    }
}
