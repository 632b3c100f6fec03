using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Aaba.Grains.Agents;

/// <summary>
/// JSON Schema with a real validator (JsonSchema.Net): a kind's settings against its schema, a run's input against a
/// registered agent's input schema, a model's answer against its answer schema, and a schema a user supplies against
/// the 2020-12 meta-schema. Problems come back by field, as dotted paths under a prefix (<c>config.tools[2]</c>).
/// </summary>
public static class JsonSchemas
{
    private static readonly EvaluationOptions ListOutput = new() { OutputFormat = OutputFormat.List };

    /// <summary>A schema Aaba ships (it is known to be valid).</summary>
    public static JsonSchema Parse(string schemaJson) => JsonSchema.FromText(schemaJson);

    /// <summary>Problems of <paramref name="instance"/> against <paramref name="schema"/>, keyed under <paramref name="prefix"/>; empty when valid.</summary>
    public static ImmutableDictionary<string, string[]> Errors(JsonSchema schema, JsonNode? instance, string prefix)
    {
        var results = schema.Evaluate(instance, ListOutput);
        if (results.IsValid)
        {
            return ImmutableDictionary<string, string[]>.Empty;
        }
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var detail in results.Details.Prepend(results))
        {
            if (!detail.HasErrors)
            {
                continue;
            }
            var field = Field(prefix, detail.InstanceLocation.ToString());
            if (!errors.TryGetValue(field, out var messages))
            {
                errors[field] = messages = [];
            }
            foreach (var message in detail.Errors!.Values)
            {
                if (!messages.Contains(message))
                {
                    messages.Add(message);
                }
            }
        }
        if (errors.Count == 0)
        {
            errors[prefix] = ["Does not match the schema."];
        }
        return errors.ToImmutableDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>Problems of a run's input (JSON text) against <paramref name="schema"/>, by field; empty when valid.</summary>
    public static ImmutableDictionary<string, string[]> InputErrors(JsonSchema schema, string inputJson)
    {
        JsonNode? input;
        try
        {
            input = JsonNode.Parse(inputJson);
        }
        catch (JsonException)
        {
            return ImmutableDictionary<string, string[]>.Empty.Add("$", ["The input must be a JSON object."]);
        }
        return Errors(schema, input, "");
    }

    /// <summary>
    /// Problems of a schema a user supplies (an agent's answer or input schema): it must be a JSON object that the
    /// draft 2020-12 meta-schema accepts, and one the validator can load.
    /// </summary>
    public static ImmutableDictionary<string, string[]> CheckSchema(JsonNode? schema, string field)
    {
        if (schema is not JsonObject)
        {
            return ImmutableDictionary<string, string[]>.Empty.Add(field, ["Must be a JSON Schema (an object)."]);
        }
        var errors = Errors(MetaSchemas.Draft202012, schema, field);
        if (!errors.IsEmpty)
        {
            return errors;
        }
        try
        {
            _ = JsonSchema.FromText(schema.ToJsonString());
        }
        catch (Exception exception) when (exception is JsonException or ArgumentException or InvalidOperationException)
        {
            return ImmutableDictionary<string, string[]>.Empty.Add(field, [$"Not a usable JSON Schema: {exception.Message}"]);
        }
        return ImmutableDictionary<string, string[]>.Empty;
    }

    /// <summary>Merges problem maps (messages of one field are joined).</summary>
    public static ImmutableDictionary<string, string[]> Merge(this ImmutableDictionary<string, string[]> first, ImmutableDictionary<string, string[]> second)
    {
        var merged = first;
        foreach (var (field, messages) in second)
        {
            merged = merged.SetItem(field, merged.TryGetValue(field, out var existing) ? [.. existing, .. messages] : messages);
        }
        return merged;
    }

    /// <summary>A JSON Pointer under <paramref name="prefix"/> as a dotted path: <c>/tools/2</c> → <c>config.tools[2]</c>.</summary>
    public static string Field(string prefix, string pointer)
    {
        var path = new StringBuilder(prefix);
        foreach (var segment in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (int.TryParse(name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                path.Append('[').Append(name).Append(']');
            }
            else
            {
                path.Append(path.Length > 0 ? "." : "").Append(name);
            }
        }
        return path.Length == 0 ? "$" : path.ToString();
    }
}
