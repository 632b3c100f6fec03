using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Aaba.Grains.Agents;

/// <summary>
/// An agent's input, read and described by the same code: each agent writes one reading method (its fields, their
/// rules, their descriptions), and that method both validates a request (every problem, keyed by field, so a client
/// learns of all its mistakes in one answer) and, run by <see cref="Describe"/>, yields the JSON Schema that
/// <c>GET /agents</c> shows and a model's tool is given. One reader per input; not thread-safe.
/// </summary>
public sealed class AgentInputReader
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);
    private readonly JsonElement _root;
    private readonly bool _isObject;
    private readonly List<string> _declared = [];

    /// <summary>Set when describing: the schema being built instead of a request being read.</summary>
    private readonly JsonObject? _schema;

    public AgentInputReader(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            _root = document.RootElement.Clone();
            _isObject = _root.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            _isObject = false;
        }
        if (!_isObject)
        {
            AddError("$", "The input must be a JSON object.");
        }
    }

    private AgentInputReader()
    {
        _schema = new JsonObject { ["type"] = "object", ["required"] = new JsonArray(), ["additionalProperties"] = false, ["properties"] = new JsonObject() };
    }

    /// <summary>The JSON Schema (compact text) of the input that <paramref name="read"/> reads.</summary>
    public static string Describe(Action<AgentInputReader> read)
    {
        var describing = new AgentInputReader();
        read(describing);
        return describing._schema!.ToJsonString();
    }

    /// <summary>No problem was found (never true while describing: nothing was read).</summary>
    public bool IsValid => _schema is null && _errors.Count == 0;

    public ImmutableDictionary<string, string[]> Errors =>
        _errors.ToImmutableDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public void AddError(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }
        messages.Add(message);
    }

    public double? Number(string field, bool required, string description)
    {
        if (!TryGet(field, required, new JsonObject { ["type"] = "number", ["description"] = description }, out var value))
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            AddError(field, "Must be a number.");
            return null;
        }
        return number;
    }

    public int? Integer(string field, bool required, int min, int max, string description, int? defaultValue = null)
    {
        var schema = new JsonObject { ["type"] = "integer", ["minimum"] = min, ["maximum"] = max, ["description"] = description };
        if (defaultValue is { } fallback)
        {
            schema["default"] = fallback;
        }
        if (!TryGet(field, required, schema, out var value))
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            AddError(field, "Must be a whole number.");
            return null;
        }
        if (number < min || number > max)
        {
            AddError(field, $"Must be between {min} and {max}.");
            return null;
        }
        return (int)number;
    }

    /// <summary>A string, trimmed, of <paramref name="minLength"/> to <paramref name="maxLength"/> characters.</summary>
    public string? Text(string field, bool required, int minLength, int maxLength, string description)
    {
        var schema = new JsonObject { ["type"] = "string", ["minLength"] = minLength, ["maxLength"] = maxLength, ["description"] = description };
        if (!TryGet(field, required, schema, out var value))
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            AddError(field, "Must be a string.");
            return null;
        }
        var text = value.GetString()!.Trim();
        if (text.Length < minLength || text.Length > maxLength)
        {
            AddError(field, minLength == maxLength
                ? $"Must be {minLength} characters long."
                : $"Must be {minLength} to {maxLength} characters long (after trimming).");
            return null;
        }
        return text;
    }

    /// <summary>An optional array of distinct strings, each one of <paramref name="allowed"/>.</summary>
    public ImmutableArray<string>? Choices(string field, IReadOnlyCollection<string> allowed, string description)
    {
        var schema = new JsonObject
        {
            ["type"] = "array",
            ["uniqueItems"] = true,
            ["minItems"] = 1,
            ["items"] = new JsonObject { ["enum"] = new JsonArray([.. allowed.Select(a => (JsonNode)a)]) },
            ["description"] = description,
        };
        if (!TryGet(field, required: false, schema, out var value))
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Array)
        {
            AddError(field, "Must be an array of strings.");
            return null;
        }
        if (value.GetArrayLength() > 2 * allowed.Count)
        {
            // A repeat is kept once, but an array far longer than the choices (thousands of repeats) is refused outright.
            AddError(field, $"Must name at most {allowed.Count} items.");
            return null;
        }
        var chosen = ImmutableArray.CreateBuilder<string>();
        foreach (var item in value.EnumerateArray())
        {
            var choice = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
            if (choice is null || !allowed.Contains(choice))
            {
                AddError(field, $"Each item must be one of: {string.Join(", ", allowed)}.");
                return null;
            }
            if (!chosen.Contains(choice))
            {
                chosen.Add(choice);
            }
        }
        if (chosen.Count == 0)
        {
            AddError(field, "Must name at least one item when present.");
            return null;
        }
        return chosen.ToImmutable();
    }

    /// <summary>Rejects fields not read above, so a typo is an error rather than a silently ignored option.</summary>
    public void RejectUnknownFields()
    {
        if (!_isObject)
        {
            return;
        }
        foreach (var property in _root.EnumerateObject())
        {
            if (!_declared.Contains(property.Name))
            {
                AddError(property.Name, $"Unknown field. Allowed fields: {string.Join(", ", _declared)}.");
            }
        }
    }

    private bool TryGet(string field, bool required, JsonObject schema, out JsonElement value)
    {
        value = default;
        _declared.Add(field);
        if (_schema is not null)
        {
            _schema["properties"]![field] = schema;
            if (required)
            {
                _schema["required"]!.AsArray().Add(field);
            }
            return false;
        }
        if (!_isObject)
        {
            return false;
        }
        if (!_root.TryGetProperty(field, out value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                AddError(field, "This field is required.");
            }
            return false;
        }
        return true;
    }
}
