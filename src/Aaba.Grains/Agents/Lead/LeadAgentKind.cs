using System.Collections.Immutable;
using Aaba.Abstractions;
using Aaba.Abstractions.Agents;
using Aaba.Abstractions.Tasks;
using Aaba.Grains.Agents.Lead.Llm;
using Microsoft.Extensions.Options;

namespace Aaba.Grains.Agents.Lead;

/// <summary>The lead-generation kind.</summary>
public sealed class LeadAgentKind(IOptions<LlmOptions> llm) : IAgentKind
{
    public string Kind => "lead";

    /// <summary>Model outages and timeouts are retried as a whole task; other failures are final.</summary>
    public IEnumerable<AgentDescriptor> BuiltInAgents => [BuiltInAgent];

    public AgentDescriptor BuiltInAgent { get; } = new(
        AabaKeys.LeadAgent, "lead", "Finds freelance and job leads (Upwork, Freelancer, LinkedIn) matching a query.", LeadAgentInput.Schema,
        DefaultTimeout: TimeSpan.FromMinutes(5),
        Retry: new RetryPolicy(
            llm.Value.TaskMaxAttempts, llm.Value.TaskRetryDelay, TimeSpan.FromMinutes(1),
            [TaskErrorCodes.LlmUnavailable, TaskErrorCodes.LlmTimeout]));

    public ImmutableDictionary<string, string[]> ValidateInput(AgentDescriptor agent, string inputJson) => LeadAgentInput.Read(inputJson, out _);

    public IAgentGrain GetGrain(IGrainFactory grains, string agentName) => grains.GetGrainWithKey<ILeadAgentGrain>(agentName);
}
