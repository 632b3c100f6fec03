using System.Collections.Immutable;

namespace Aaba.Abstractions.Security;

/// <summary>
/// Per-agent secrets (a model key for one agent, a webhook signing secret), stored encrypted with ASP.NET Core Data
/// Protection. Write-only: nothing here returns a value; only the agents read them, inside the silo. A stateless
/// worker; reach it with <see cref="GrainFactoryExtensions.GetAgentSecrets"/>.
/// </summary>
[Alias("aaba.agent-secrets")]
public interface IAgentSecretsGrain : IGrainWithStringKey
{
    /// <summary>Stores (or replaces) <paramref name="name"/> for <paramref name="agent"/>.</summary>
    /// <exception cref="Tasks.StorageUnavailableException">The store did not answer.</exception>
    [Alias("set")]
    Task<AgentSecretInfo> SetAsync(string agent, string name, SecretValue value);

    /// <summary>The names of the agent's secrets and when each was set.</summary>
    [Alias("list")]
    Task<ImmutableArray<AgentSecretInfo>> ListAsync(string agent);

    /// <summary>Deletes the secret; false when there was none.</summary>
    [Alias("delete")]
    Task<bool> DeleteAsync(string agent, string name);
}
