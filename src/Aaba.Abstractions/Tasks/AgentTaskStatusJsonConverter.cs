using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aaba.Abstractions.Tasks;

/// <summary>A status in JSON is its wire name (<see cref="AgentTaskStatusExtensions.ToWireName"/>), as in every API answer.</summary>
public sealed class AgentTaskStatusJsonConverter : JsonConverter<AgentTaskStatus>
{
    /// <inheritdoc/>
    public override AgentTaskStatus Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        AgentTaskStatusExtensions.TryParseWireName(reader.GetString(), out var status) ? status : throw new JsonException("Not a task status.");

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, AgentTaskStatus value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToWireName());
}
