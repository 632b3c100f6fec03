using System.Collections.Immutable;
using System.Text.Json;
using Aaba.Abstractions.Security;
using Aaba.Grains.Storage;
using StackExchange.Redis;

namespace Aaba.Grains.Security;

/// <summary>
/// API keys in Redis, by hash: <c>auth/key/{sha256}</c> holds the record, <c>auth/keys</c> maps ids to hashes.
/// A create and a revoke are each one script, so the two never disagree.
/// </summary>
public sealed class AccessKeyStore(AabaRedis redis, SecurityKeys keys)
{
    private static readonly TimeSpan AddressMemory = TimeSpan.FromDays(90);

    private const string CreateScript = """
        if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2]) == 0 then return 0 end
        redis.call('SET', KEYS[1], ARGV[3])
        return 1
        """;

    /// <summary>Deletes the record and its id; bumps the generation so every API process drops its cache.</summary>
    private const string RevokeScript = """
        local hash = redis.call('HGET', KEYS[1], ARGV[1])
        if not hash then return false end
        local key = ARGV[2] .. hash
        local record = redis.call('GET', key)
        redis.call('DEL', key)
        redis.call('HDEL', KEYS[1], ARGV[1])
        redis.call('DEL', KEYS[3])
        redis.call('INCR', KEYS[2])
        return record or ''
        """;

    public async Task<ApiKeyRecord> CreateAsync(ApiKeyRecord key, string keyHash)
    {
        var db = await redis.GetDatabaseAsync();
        var created = (int)await db.ScriptEvaluateAsync(CreateScript, [keys.ApiKey(keyHash), keys.ApiKeyIds],
            [key.Id, keyHash, JsonSerializer.SerializeToUtf8Bytes(key, AabaJson.Options)]);
        return created == 1 ? key : throw new InvalidOperationException($"A key with id {key.Id} exists already.");
    }

    public async Task<ApiKeyRecord?> FindAsync(string keyHash)
    {
        var db = await redis.GetDatabaseAsync();
        return Decode(await db.StringGetAsync(keys.ApiKey(keyHash)));
    }

    public async Task<ImmutableArray<ApiKeyRecord>> ListAsync(TenantId? tenant)
    {
        var db = await redis.GetDatabaseAsync();
        var hashes = await db.HashValuesAsync(keys.ApiKeyIds);
        if (hashes.Length == 0)
        {
            return [];
        }
        var records = await db.StringGetAsync([.. hashes.Select(hash => keys.ApiKey(hash.ToString()))]);
        return [.. records.Select(Decode).OfType<ApiKeyRecord>().Where(k => tenant is null || k.Tenant == tenant).OrderBy(k => k.CreatedAt).ThenBy(k => k.Id, StringComparer.Ordinal)];
    }

    public async Task<ApiKeyRecord?> RevokeAsync(string keyId)
    {
        var db = await redis.GetDatabaseAsync();
        var prefix = keys.ApiKey("").ToString();
        var record = await db.ScriptEvaluateAsync(RevokeScript, [keys.ApiKeyIds, keys.ApiKeyGeneration, keys.ApiKeyAddresses(keyId)], [keyId, prefix]);
        return record.IsNull ? null : Decode((RedisValue)record) ?? new ApiKeyRecord(keyId, "", TenantId.Default, ApiRole.Reader, default, "");
    }

    public async Task<long> GenerationAsync()
    {
        var db = await redis.GetDatabaseAsync();
        return (long?)await db.StringGetAsync(keys.ApiKeyGeneration) ?? 0;
    }

    public async Task<bool> RecordAddressAsync(string keyId, string address)
    {
        var db = await redis.GetDatabaseAsync();
        var batch = db.CreateBatch();
        var added = batch.SetAddAsync(keys.ApiKeyAddresses(keyId), address);
        var expiry = batch.KeyExpireAsync(keys.ApiKeyAddresses(keyId), AddressMemory);
        batch.Execute();
        await Task.WhenAll(added, expiry);
        return await added;
    }

    private static ApiKeyRecord? Decode(RedisValue value) =>
        value.IsNullOrEmpty ? null : JsonSerializer.Deserialize<ApiKeyRecord>((ReadOnlySpan<byte>)(byte[])value!, AabaJson.Options);
}
