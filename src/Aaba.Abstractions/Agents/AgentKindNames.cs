namespace Aaba.Abstractions.Agents;

/// <summary>The names of the agent kinds Aaba ships.</summary>
public static class AgentKindNames
{
    /// <summary>Finds job leads (built-in agent <c>lead</c>).</summary>
    public const string Lead = "lead";

    /// <summary>Adds two numbers (built-in agent <c>add</c>): a smoke test.</summary>
    public const string Add = "add";

    /// <summary>An agent made of configuration: a system prompt, a model, tools from a catalogue and an answer schema.</summary>
    public const string Llm = "llm";

    /// <summary>Adds company, site, contact page, technology hints and a USD budget to leads.</summary>
    public const string Enrich = "enrich";

    /// <summary>Delivers leads to a CRM webhook, signed per Standard Webhooks.</summary>
    public const string Crm = "crm";

    /// <summary>A named sequence of steps, each a child task, with fan-out and join.</summary>
    public const string Pipeline = "pipeline";
}
