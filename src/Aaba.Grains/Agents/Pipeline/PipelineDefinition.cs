using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Aaba.Grains.Agents.Pipeline;

/// <summary>One step of a pipeline: which agent, with what input (a template), optionally once per item of an earlier result.</summary>
/// <param name="Name">Unique in the pipeline; later steps refer to its result as <c>$.steps.NAME</c>.</param>
/// <param name="Agent">The agent each child task runs.</param>
/// <param name="Input">The child's input: JSON in which a string <c>"$.input.…"</c>, <c>"$.steps.NAME.…"</c>, <c>"$.item…"</c> or <c>"$.previous…"</c> is replaced by what it names.</param>
/// <param name="ForEach">A reference to an array: one child per item (fan-out), whose results are joined into an array in item order.</param>
/// <param name="MaxParallel">Children of a fan-out running at once.</param>
/// <param name="SkipOnFailure">A failed child is left out (true) rather than failing the pipeline.</param>
/// <param name="Timeout">Each child's time limit (null: its agent's default).</param>
public sealed record PipelineStep(string Name, string Agent, JsonNode? Input, string? ForEach, int MaxParallel, bool SkipOnFailure, TimeSpan? Timeout);

/// <summary>A pipeline's steps, read from its (validated) settings.</summary>
public sealed record PipelineDefinition(ImmutableArray<PipelineStep> Steps)
{
    public const int DefaultMaxParallel = 4;

    public static PipelineDefinition Parse(string configJson)
    {
        var config = JsonNode.Parse(configJson)!.AsObject();
        return new PipelineDefinition([.. config["steps"]!.AsArray().OfType<JsonObject>().Select(step => new PipelineStep(
            step["name"]!.GetValue<string>(),
            step["agent"]!.GetValue<string>(),
            step["input"]?.DeepClone(),
            step["for_each"]?.GetValue<string>(),
            step["max_parallel"]?.GetValue<int>() ?? DefaultMaxParallel,
            step["on_failure"]?.GetValue<string>() == "skip",
            step["timeout_s"] is { } seconds ? TimeSpan.FromSeconds(seconds.GetValue<double>()) : null))]);
    }
}
