using Aaba.Abstractions.Agents;
using Aaba.Abstractions.Http;

namespace Aaba.Api.Console;

/// <summary>A registered agent as the console's Agents page shows it: what <c>GET /agents</c> says plus its configuration. Secrets are not part of it.</summary>
/// <param name="Name">The agent's name.</param>
/// <param name="Kind">Which implementation runs it.</param>
/// <param name="Description">What it does.</param>
/// <param name="InputSchema">The JSON Schema of its input.</param>
/// <param name="RunUrl">Where to run it.</param>
/// <param name="DefaultTimeoutS">A run's time limit unless the request sets one.</param>
/// <param name="MaxAttempts">Attempts in all, retries included.</param>
/// <param name="RetryOn">Error codes that are retried.</param>
/// <param name="RetryDelayS">The first and the longest delay between attempts, in seconds.</param>
internal sealed record ConsoleAgent(
    string Name, string Kind, string Description, RawJson InputSchema, string RunUrl, double DefaultTimeoutS,
    int MaxAttempts, IReadOnlyList<string> RetryOn, double[] RetryDelayS)
{
    public static ConsoleAgent From(AgentDescriptor agent) => new(
        agent.Name, agent.Kind, agent.Description, new RawJson(agent.InputSchemaJson), AabaRoutes.Run(agent.Name),
        agent.DefaultTimeout.TotalSeconds, agent.Retry.MaxAttempts, agent.Retry.TransientErrorCodes,
        [agent.Retry.InitialDelay.TotalSeconds, agent.Retry.MaxDelay.TotalSeconds]);
}
