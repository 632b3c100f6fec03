using System.Collections.Immutable;
using Aaba.Abstractions.Security;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Aaba.Grains.Security;

/// <summary>Writes, lists and deletes agent secrets (<see cref="AgentSecretStore"/>); never returns a value. A stateless worker.</summary>
[StatelessWorker]
public sealed partial class AgentSecretsGrain(AgentSecretStore store, ILogger<AgentSecretsGrain> logger) : Grain, IAgentSecretsGrain
{
    public async Task<AgentSecretInfo> SetAsync(string agent, string name, SecretValue value)
    {
        if (!AgentSecretNames.IsValid(name) || value.Reveal().Length is 0 or > AgentSecretNames.MaxValueLength)
        {
            throw new ArgumentException("Not a valid secret name or value.", nameof(name));
        }
        var info = await StoreGuard.RunAsync(() => store.SetAsync(agent, name, value), logger);
        LogSet(logger, agent, name);
        return info;
    }

    public Task<ImmutableArray<AgentSecretInfo>> ListAsync(string agent) => StoreGuard.RunAsync(() => store.ListAsync(agent), logger);

    public async Task<bool> DeleteAsync(string agent, string name)
    {
        var deleted = await StoreGuard.RunAsync(() => store.DeleteAsync(agent, name), logger);
        if (deleted)
        {
            LogDeleted(logger, agent, name);
        }
        return deleted;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Secret {Name} of agent {Agent} set")]
    private static partial void LogSet(ILogger logger, string agent, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Secret {Name} of agent {Agent} deleted")]
    private static partial void LogDeleted(ILogger logger, string agent, string name);
}
