using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text.Json;
using Aaba.Abstractions.Security;
using Aaba.Grains.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aaba.Grains.Security;

/// <summary>
/// Agent secrets, encrypted with ASP.NET Core Data Protection (authenticated encryption; the key ring lives in Redis
/// and rotates, see <see cref="SecretsOptions.KeyLifetime"/>). Each value is protected for its own agent and name,
/// so a ciphertext copied to another slot does not decrypt. Only <see cref="GetAsync"/> decrypts, for the agents
/// of this silo; what the API sees is names and times.
/// </summary>
public sealed class AgentSecretStore(
    AabaRedis redis, SecurityKeys keys, IDataProtectionProvider protection, IOptions<SecretsOptions> options, TimeProvider time)
{
    private const string Purpose = "Aaba.AgentSecrets.v1";
    private readonly ConcurrentDictionary<(string Agent, string Name), (string? Value, DateTimeOffset Until)> _cache = new();

    public async Task<AgentSecretInfo> SetAsync(string agent, string name, SecretValue value)
    {
        var protector = Protector(agent, name);
        // Off the caller's thread: the first use (or a key rotation) reads or writes the key ring synchronously.
        var sealedValue = await Task.Run(() => protector.Protect(value.Reveal()));
        var info = new AgentSecretInfo(name, time.GetUtcNow());
        var db = await redis.GetDatabaseAsync();
        await db.HashSetAsync(keys.AgentSecrets(agent), name, JsonSerializer.SerializeToUtf8Bytes(new Stored(sealedValue, info.UpdatedAt), AabaJson.Options));
        _cache.TryRemove((agent, name), out _);
        return info;
    }

    public async Task<ImmutableArray<AgentSecretInfo>> ListAsync(string agent)
    {
        var db = await redis.GetDatabaseAsync();
        var entries = await db.HashGetAllAsync(keys.AgentSecrets(agent));
        return [.. entries.Select(e => new AgentSecretInfo(e.Name.ToString(), Read(e.Value)?.UpdatedAt ?? default)).OrderBy(s => s.Name, StringComparer.Ordinal)];
    }

    public async Task<bool> DeleteAsync(string agent, string name)
    {
        var db = await redis.GetDatabaseAsync();
        _cache.TryRemove((agent, name), out _);
        return await db.HashDeleteAsync(keys.AgentSecrets(agent), name);
    }

    /// <summary>The secret in clear for an agent run on this silo, or null when it is not set (or no longer decrypts).</summary>
    public async Task<string?> GetAsync(string agent, string name)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue((agent, name), out var cached) && cached.Until > now)
        {
            return cached.Value;
        }
        var db = await redis.GetDatabaseAsync();
        var stored = Read(await db.HashGetAsync(keys.AgentSecrets(agent), name));
        string? value = null;
        if (stored is not null)
        {
            var protector = Protector(agent, name);
            try
            {
                value = await Task.Run(() => protector.Unprotect(stored.Value));
            }
            catch (CryptographicException)
            {
                // Its key is gone from the ring (or the ciphertext was moved): treat as unset rather than fail every run.
                value = null;
            }
        }
        _cache[(agent, name)] = (value, now + options.Value.CacheFor);
        return value;
    }

    private IDataProtector Protector(string agent, string name) => protection.CreateProtector(Purpose, agent, name);

    private static Stored? Read(RedisValue value) =>
        value.IsNullOrEmpty ? null : JsonSerializer.Deserialize<Stored>((ReadOnlySpan<byte>)(byte[])value!, AabaJson.Options);

    /// <summary>What is stored: the protected payload (base64url text) and when it was set.</summary>
    private sealed record Stored(string Value, DateTimeOffset UpdatedAt);
}
