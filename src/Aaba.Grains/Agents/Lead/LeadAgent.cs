using System.Text.Json;
using Aaba.Abstractions.Agents.Lead;
using Aaba.Abstractions.Tasks;
using Aaba.Grains.Agents.Lead.Llm;

namespace Aaba.Grains.Agents.Lead;

/// <summary>
/// The lead agent. With a language model configured (<c>OPENAI_API_KEY</c>, or the agent's own <c>model_api_key</c> secret) it runs the tool-calling loop (<see cref="LlmLeadFinder"/>);
/// without one it ranks the lead sources' matches itself and says so (<c>mode: "offline"</c>).
/// </summary>
public sealed class LeadAgent(LeadSearch search, LlmLeadFinder llm)
{
    public async Task<string> RunAsync(AgentRunContext context)
    {
        LeadAgentInput.Read(context.Invocation.InputJson, out var query);
        if (query is null)
        {
            throw new AgentException(TaskErrorCodes.InvalidInput, "The stored input is no longer valid for the lead agent.");
        }
        if (await llm.ProviderForAsync(context) is { } model)
        {
            return await llm.RunAsync(query, context, model);
        }
        context.ReportProgress($"Searching the lead sources for '{query.Query}'", new { sources = query.Sources.IsDefaultOrEmpty ? LeadSources.All : query.Sources });
        var leads = await search.SearchAsync(query, context.CancellationToken);
        context.ReportProgress($"Found {leads.Count} matching lead(s)", new { count = leads.Count });
        return JsonSerializer.Serialize(
            new OfflineLeadResult(query.Query, OfflineLeadResult.OfflineMode, leads.Select(ranked => ranked.Lead.ToView(ranked.Score)).ToList()),
            AabaJson.Options);
    }
}
