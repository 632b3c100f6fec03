using System.Collections.Immutable;
using Aaba.Abstractions.Agents;
using Aaba.Grains.Agents;
using Aaba.Grains.Agents.Add;
using Aaba.Grains.Agents.Lead.Llm;
using Aaba.Grains.Agents.Llm;
using Aaba.Grains.Orchestration;
using Microsoft.Extensions.Options;

namespace Aaba.UnitTests.Automations;

/// <summary>The registry's rules for agents registered at run time: field errors for everything wrong, versions, built-ins.</summary>
public sealed class RegistrarTests
{
    private static readonly AgentKindRegistry Kinds = new([new AddAgentKind(), new LlmAgentKind(Options.Create(new LlmOptions()))]);
    private static readonly AgentCatalog Catalog = new(1, []);
    private static readonly HashSet<string> BuiltIns = ["add"];
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    private const string Summarizer = """{"system_prompt":"Summarize.","tools":["fetch_page"],"answer_schema":{"type":"object","required":["summary"],"properties":{"summary":{"type":"string"}}}}""";

    private static AgentRegistration Registration(string config, string kind = "llm", string name = "summarizer") =>
        new(name, kind, null, null, null, null, config);

    private static ImmutableDictionary<string, string[]> Errors(AgentRegistration registration) =>
        Assert.Throws<InvalidAgentException>(() => AgentRegistrar.Decide(registration, Kinds, Catalog, BuiltIns, null, 1, Now)).Errors;

    [Fact]
    public void A_valid_llm_agent_gets_version_1_its_kind_defaults_and_its_input_schema()
    {
        var agent = AgentRegistrar.Decide(Registration(Summarizer), Kinds, Catalog, BuiltIns, null, 1, Now);
        Assert.Equal((1L, "llm", false), (agent.Version, agent.Kind, agent.BuiltIn));
        Assert.Equal(LlmAgentKind.DefaultInputSchema, agent.InputSchemaJson);
        Assert.Contains("llm_unavailable", agent.Retry.TransientErrorCodes);
    }

    [Fact]
    public void The_same_registration_again_keeps_its_version_and_a_change_adds_one()
    {
        var first = AgentRegistrar.Decide(Registration(Summarizer), Kinds, Catalog, BuiltIns, null, 1, Now);
        Assert.Same(first, AgentRegistrar.Decide(Registration(Summarizer), Kinds, Catalog, BuiltIns, first, 2, Now));
        var changed = AgentRegistrar.Decide(Registration(Summarizer.Replace("Summarize.", "Summarize briefly.", StringComparison.Ordinal)), Kinds, Catalog, BuiltIns, first, 2, Now);
        Assert.Equal(2, changed.Version);
    }

    [Fact]
    public void Unknown_kind_bad_schema_and_unknown_tool_are_field_errors()
    {
        Assert.Contains("kind", Errors(Registration("{}", kind: "nope")).Keys);
        Assert.Contains("kind", Errors(Registration("{}", kind: "add")).Keys);
        var errors = Errors(Registration("""{"system_prompt":"x","tools":["search_leads","teleport"],"answer_schema":{"type":"object","properties":{"a":{"type":"strin"}}}}"""));
        Assert.Contains("config.tools[1]", errors.Keys);
        Assert.Contains(errors.Keys, k => k.StartsWith("config.answer_schema", StringComparison.Ordinal));
        Assert.Contains("config", Errors(Registration("""{"tools":[]}""")).Keys.Select(k => k.Split('.')[0]));
        Assert.Contains("config.extra", Errors(Registration("""{"system_prompt":"x","answer_schema":{"type":"object"},"extra":1}""")).Keys);
    }

    [Fact]
    public void Names_limits_and_built_ins_are_checked()
    {
        Assert.Contains("name", Errors(Registration(Summarizer, name: "Bad Name")).Keys);
        Assert.Contains("max_concurrency", Errors(Registration(Summarizer) with { MaxConcurrency = 0 }).Keys);
        Assert.Contains("timeout_s", Errors(Registration(Summarizer) with { DefaultTimeout = TimeSpan.FromHours(2) }).Keys);
        Assert.Throws<BuiltInAgentException>(() => AgentRegistrar.Decide(Registration(Summarizer, name: "add"), Kinds, Catalog, BuiltIns, null, 1, Now));
    }
}
