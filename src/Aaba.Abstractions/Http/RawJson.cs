using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aaba.Abstractions.Http;

/// <summary>JSON text that was validated when stored and is written out verbatim, without a parse per response.</summary>
/// <param name="Text">The JSON value as text.</param>
[JsonConverter(typeof(RawJsonConverter))]
public readonly record struct RawJson(string Text)
{
    /// <summary>The value, or null for null text.</summary>
    public static RawJson? From(string? text) => text is null ? null : new RawJson(text);

    /// <summary>Reads the value as <typeparamref name="T"/> with the API's conventions (<see cref="AabaWireJson.Options"/>).</summary>
    public T? Deserialize<T>(JsonSerializerOptions? options = null) => JsonSerializer.Deserialize<T>(Text, options ?? AabaWireJson.Options);

    /// <inheritdoc/>
    public override string ToString() => Text;

    private sealed class RawJsonConverter : JsonConverter<RawJson>
    {
        public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var document = JsonDocument.ParseValue(ref reader);
            return new RawJson(document.RootElement.GetRawText());
        }

        public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options) =>
            writer.WriteRawValue(value.Text, skipInputValidation: true);
    }
}
