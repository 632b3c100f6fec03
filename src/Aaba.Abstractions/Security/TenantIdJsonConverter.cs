using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aaba.Abstractions.Security;

/// <summary>A tenant in JSON is its name; a stored record without one belongs to <see cref="TenantId.Default"/>.</summary>
public sealed class TenantIdJsonConverter : JsonConverter<TenantId>
{
    public override TenantId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? TenantId.Default
        : TenantId.TryParse(reader.GetString(), out var tenant) ? tenant
        : throw new JsonException("Not a tenant name.");

    public override void Write(Utf8JsonWriter writer, TenantId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Name);
}
