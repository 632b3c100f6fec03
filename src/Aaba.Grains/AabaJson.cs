using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aaba.Grains;

/// <summary>The JSON shape Aaba writes for agent results and stored state: snake_case, compact.</summary>
public static class AabaJson
{
    /// <summary>Shared, read-only after construction (System.Text.Json freezes options on first use).</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        // Enums by name, so stored state survives a reordering of members.
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Like <see cref="Options"/> but leaves out null members: for event payloads, where absence reads better.</summary>
    public static readonly JsonSerializerOptions OmitNulls = new(Options) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
}
