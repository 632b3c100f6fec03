using System.Collections.Immutable;
using Aaba.Abstractions.Security;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Aaba.Grains.Security;

/// <summary>The API keys (<see cref="AccessKeyStore"/>); a stateless worker, so every silo answers locally.</summary>
[StatelessWorker]
public sealed partial class AccessKeysGrain(AccessKeyStore store, ILogger<AccessKeysGrain> logger) : Grain, IAccessKeysGrain
{
    public async Task<ApiKeyRecord> CreateAsync(ApiKeyRecord key, string keyHash)
    {
        var created = await StoreGuard.RunAsync(() => store.CreateAsync(key, keyHash), logger);
        LogCreated(logger, key.Id, key.Tenant.Name, key.Role, key.CreatedBy);
        return created;
    }

    public Task<ApiKeyRecord?> FindAsync(string keyHash) => StoreGuard.RunAsync(() => store.FindAsync(keyHash), logger);

    public Task<ImmutableArray<ApiKeyRecord>> ListAsync(TenantId? tenant) => StoreGuard.RunAsync(() => store.ListAsync(tenant), logger);

    public async Task<ApiKeyRecord?> RevokeAsync(string keyId)
    {
        var revoked = await StoreGuard.RunAsync(() => store.RevokeAsync(keyId), logger);
        if (revoked is not null)
        {
            LogRevoked(logger, keyId);
        }
        return revoked;
    }

    public Task<long> GetGenerationAsync() => StoreGuard.RunAsync(store.GenerationAsync, logger);

    public Task<bool> RecordAddressAsync(string keyId, string address) => StoreGuard.RunAsync(() => store.RecordAddressAsync(keyId, address), logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "API key {KeyId} created for tenant {Tenant} with role {Role} by {CreatedBy}")]
    private static partial void LogCreated(ILogger logger, string keyId, string tenant, ApiRole role, string createdBy);

    [LoggerMessage(Level = LogLevel.Information, Message = "API key {KeyId} revoked")]
    private static partial void LogRevoked(ILogger logger, string keyId);
}
