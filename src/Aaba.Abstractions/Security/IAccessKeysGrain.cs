using System.Collections.Immutable;

namespace Aaba.Abstractions.Security;

/// <summary>
/// The API keys, stored as SHA-256 hashes of the keys (the key itself is shown once, by the API that made it, and
/// never reaches a silo). A stateless worker: each silo answers from the store. Revoking bumps a generation counter
/// that every API process polls, so a revoked key stops working everywhere within a second.
/// Reach it with <see cref="GrainFactoryExtensions.GetAccessKeys"/>.
/// </summary>
[Alias("aaba.access-keys")]
public interface IAccessKeysGrain : IGrainWithStringKey
{
    /// <summary>Stores a new key under its hash.</summary>
    /// <exception cref="Tasks.StorageUnavailableException">The store did not answer.</exception>
    [Alias("create")]
    Task<ApiKeyRecord> CreateAsync(ApiKeyRecord key, string keyHash);

    /// <summary>The key whose hash is <paramref name="keyHash"/>, or null (unknown or revoked).</summary>
    [Alias("find")]
    Task<ApiKeyRecord?> FindAsync(string keyHash);

    /// <summary>Every key (of one tenant when <paramref name="tenant"/> is given), oldest first.</summary>
    [Alias("list")]
    Task<ImmutableArray<ApiKeyRecord>> ListAsync(TenantId? tenant);

    /// <summary>Revokes the key with that id; returns it, or null when there is none.</summary>
    [Alias("revoke")]
    Task<ApiKeyRecord?> RevokeAsync(string keyId);

    /// <summary>A number that changes whenever a key is revoked: a cache of keys is good while it stays the same.</summary>
    [Alias("generation")]
    Task<long> GetGenerationAsync();

    /// <summary>Notes that key <paramref name="keyId"/> was used from <paramref name="address"/>; true the first time.</summary>
    [Alias("record-address")]
    Task<bool> RecordAddressAsync(string keyId, string address);
}
