using Aaba.Abstractions.Security;

namespace Aaba.Api.Security;

/// <summary>Finds the key a hash belongs to: the bootstrap key (from configuration) or a stored one, through the cache. Null: unknown or revoked.</summary>
internal sealed class KeyLookup(AccessMode access, ApiKeyCache keys)
{
    public async ValueTask<KnownKey?> FindAsync(string keyHash)
    {
        if (access.IsBootstrap(keyHash))
        {
            return new KnownKey(AabaClaims.BootstrapKeyId, "bootstrap", access.BootstrapTenant, ApiRole.Admin);
        }
        return await keys.FindAsync(keyHash) is { } key ? new KnownKey(key.Id, key.Name, key.Tenant, key.Role) : null;
    }
}
