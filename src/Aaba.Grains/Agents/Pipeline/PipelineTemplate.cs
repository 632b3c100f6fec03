using System.Text.Json.Nodes;

namespace Aaba.Grains.Agents.Pipeline;

/// <summary>
/// A step's input template, rendered against what the pipeline knows: <c>input</c> (the pipeline's own input),
/// <c>steps</c> (each finished step's result by name), <c>item</c> (the fan-out item) and <c>previous</c> (the step
/// before's result). A string that starts with <c>$.</c> is a reference, a dotted path (array items by number); one
/// that names nothing leaves its property out. Rendering the same template against the same results gives the
/// same JSON text, so a resumed pipeline asks for exactly the child it asked for before.
/// </summary>
public static class PipelineTemplate
{
    public static JsonNode? Render(JsonNode? template, JsonObject scope) => template switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) && IsReference(text) => Resolve(text, scope)?.DeepClone(),
        JsonObject obj => Object(obj, scope),
        JsonArray array => new JsonArray([.. array.Select(item => Render(item, scope))]),
        _ => template?.DeepClone(),
    };

    public static bool IsReference(string text) => text.StartsWith("$.", StringComparison.Ordinal);

    /// <summary>What a reference names, or null.</summary>
    public static JsonNode? Resolve(string reference, JsonObject scope)
    {
        JsonNode? current = scope;
        foreach (var segment in reference[2..].Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            current = current switch
            {
                JsonObject obj => obj[segment],
                JsonArray array when int.TryParse(segment, out var index) && index >= 0 && index < array.Count => array[index],
                _ => null,
            };
            if (current is null)
            {
                return null;
            }
        }
        return current;
    }

    /// <summary>The step names a template refers to (<c>$.steps.NAME…</c>).</summary>
    public static IEnumerable<string> StepReferences(JsonNode? template) => template switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) && text.StartsWith("$.steps.", StringComparison.Ordinal) =>
            [text["$.steps.".Length..].Split('.')[0]],
        JsonObject obj => obj.SelectMany(p => StepReferences(p.Value)),
        JsonArray array => array.SelectMany(StepReferences),
        _ => [],
    };

    private static JsonObject Object(JsonObject template, JsonObject scope)
    {
        var rendered = new JsonObject();
        foreach (var (name, value) in template)
        {
            var node = Render(value, scope);
            if (node is not null || value is null)
            {
                rendered[name] = node;
            }
        }
        return rendered;
    }
}
