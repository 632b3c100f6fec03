using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aaba.Abstractions.Http;

/// <summary>
/// The JSON of Aaba's HTTP API, in one place: the web defaults with snake_case names, nulls written. The API configures
/// its serializer with <see cref="Configure"/>; .NET clients read and write with <see cref="Options"/>.
/// </summary>
public static class AabaWireJson
{
    /// <summary>Ready-made options for clients (read-only once first used).</summary>
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>Applies the API's conventions to <paramref name="options"/> (which start from the web defaults) and returns them.</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        return options;
    }
}
