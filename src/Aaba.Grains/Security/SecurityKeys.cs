using Aaba.Abstractions.Security;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Aaba.Grains.Security;

/// <summary>Where keys, the audit trail, agent secrets, token usage and the Data Protection key ring live in Redis.</summary>
public sealed class SecurityKeys(IOptions<ClusterOptions> cluster)
{
    private readonly string _prefix = $"{cluster.Value.ServiceId}/aaba/";

    /// <summary>One API key's record (JSON), found by the SHA-256 of the key.</summary>
    public RedisKey ApiKey(string keyHash) => $"{_prefix}auth/key/{keyHash}";

    /// <summary>A hash of key id → key hash: every key there is.</summary>
    public RedisKey ApiKeyIds => _prefix + "auth/keys";

    /// <summary>Bumped by every revocation; API processes drop their key caches when it moves.</summary>
    public RedisKey ApiKeyGeneration => _prefix + "auth/generation";

    /// <summary>The addresses a key was used from (a set).</summary>
    public RedisKey ApiKeyAddresses(string keyId) => $"{_prefix}auth/key-addresses/{keyId}";

    /// <summary>The audit trail: a sorted set read by value (every member scores 0 and starts with its time-ordered id).</summary>
    public RedisKey AuditLog => _prefix + "audit/log";

    /// <summary>The audit trail's sequence, so ids within one millisecond stay ordered and unique.</summary>
    public RedisKey AuditSequence => _prefix + "audit/seq";

    /// <summary>One agent's secrets: a hash of name → encrypted value and when it was set (JSON).</summary>
    public RedisKey AgentSecrets(string agent) => $"{_prefix}secrets/agent/{agent}";

    /// <summary>Model tokens a tenant used on one UTC day.</summary>
    public RedisKey TokenUsage(TenantId tenant, DateOnly day) => $"{_prefix}usage/{tenant.Name}/{day:yyyy-MM-dd}";

    /// <summary>The Data Protection key ring (a list of XML elements), shared by every silo.</summary>
    public RedisKey DataProtectionKeys => _prefix + "dataprotection/keys";
}
