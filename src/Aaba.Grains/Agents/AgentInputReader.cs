using System.Collections.Immutable;
using System.Text.Json;

namespace Aaba.Grains.Agents;

/// <summary>
/// Reads an agent's JSON input field by field and collects every problem, keyed by field name, so a client
/// learns about all of its mistakes in one answer. One reader per input; not thread-safe.
/// </summary>
public sealed class AgentInputReader
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);
    private readonly JsonElement _root;
    private readonly bool _isObject;

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

    public bool IsValid => _errors.Count == 0;

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

    public double? Number(string field, bool required)
    {
        if (!TryGet(field, required, out var value))
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

    public int? Integer(string field, bool required, int min, int max)
    {
        if (!TryGet(field, required, out var value))
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

    public string? Text(string field, bool required, int minLength, int maxLength)
    {
        if (!TryGet(field, required, out var value))
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
    public ImmutableArray<string>? Choices(string field, IReadOnlyCollection<string> allowed)
    {
        if (!TryGet(field, required: false, out var value))
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Array)
        {
            AddError(field, "Must be an array of strings.");
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

    /// <summary>Rejects fields the agent does not know, so a typo is an error rather than a silently ignored option.</summary>
    public void RejectUnknownFields(params ReadOnlySpan<string> known)
    {
        if (!_isObject)
        {
            return;
        }
        foreach (var property in _root.EnumerateObject())
        {
            if (!known.Contains(property.Name))
            {
                AddError(property.Name, $"Unknown field. Allowed fields: {string.Join(", ", known.ToArray())}.");
            }
        }
    }

    private bool TryGet(string field, bool required, out JsonElement value)
    {
        value = default;
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
