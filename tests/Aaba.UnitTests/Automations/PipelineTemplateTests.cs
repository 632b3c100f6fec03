using System.Text.Json.Nodes;
using Aaba.Abstractions.Agents;
using Aaba.Grains.Agents.Pipeline;

namespace Aaba.UnitTests.Automations;

/// <summary>How a step's input is rendered from what the pipeline knows, and what a pipeline definition may refer to.</summary>
public sealed class PipelineTemplateTests
{
    private static readonly JsonObject Scope = new()
    {
        ["input"] = new JsonObject { ["query"] = "python", ["webhook_url"] = "https://crm.example/hook" },
        ["steps"] = new JsonObject { ["find"] = new JsonObject { ["leads"] = new JsonArray(new JsonObject { ["id"] = "a" }, new JsonObject { ["id"] = "b" }) } },
        ["item"] = new JsonObject { ["id"] = "b" },
    };

    [Fact]
    public void References_are_replaced_and_missing_ones_leave_their_property_out()
    {
        var template = JsonNode.Parse("""{"query":"$.input.query","sources":"$.input.sources","lead":"$.item","first":"$.steps.find.leads.0.id","fixed":3,"list":["$.input.query","x"]}""");
        var rendered = PipelineTemplate.Render(template, Scope)!.ToJsonString();
        Assert.Equal("""{"query":"python","lead":{"id":"b"},"first":"a","fixed":3,"list":["python","x"]}""", rendered);
        Assert.Equal(rendered, PipelineTemplate.Render(template, (JsonObject)Scope.DeepClone())!.ToJsonString());
    }

    [Fact]
    public void The_built_in_lead_to_crm_is_valid_and_a_step_may_refer_only_to_earlier_steps()
    {
        var kind = new PipelineAgentKind();
        var catalog = new AgentCatalog(1, [.. new[] { "lead", "enrich", "crm" }.Select(n => new AgentDescriptor(n, n, n, "{}", TimeSpan.FromMinutes(1), RetryPolicy.None))]);
        Assert.Empty(kind.ValidateConfig(JsonNode.Parse(PipelineAgentKind.LeadToCrmConfig)!.AsObject(), catalog));

        var bad = JsonNode.Parse("""{"steps":[{"name":"a","agent":"lead","input":{"x":"$.steps.b"}},{"name":"b","agent":"nope"},{"name":"b","agent":"crm"}]}""")!.AsObject();
        var errors = kind.ValidateConfig(bad, catalog);
        Assert.Contains("config.steps[0]", errors.Keys);
        Assert.Contains("config.steps[1].agent", errors.Keys);
        Assert.Contains("config.steps[2].name", errors.Keys);
    }

    [Fact]
    public void Definitions_are_read_with_their_defaults()
    {
        var definition = PipelineDefinition.Parse(PipelineAgentKind.LeadToCrmConfig);
        Assert.Equal(["find", "enrich", "deliver"], definition.Steps.Select(s => s.Name));
        Assert.Equal(("$.steps.find.leads", 4, true), (definition.Steps[1].ForEach, definition.Steps[1].MaxParallel, definition.Steps[1].SkipOnFailure));
        Assert.False(definition.Steps[2].SkipOnFailure);
    }
}
