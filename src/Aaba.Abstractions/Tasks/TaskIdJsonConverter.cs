using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aaba.Abstractions.Tasks;

/// <summary>A task id in JSON is its canonical text, as in URLs.</summary>
public sealed class TaskIdJsonConverter : JsonConverter<TaskId>
{
    public override TaskId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        TaskId.TryParse(reader.GetString(), out var id) ? id : throw new JsonException("Not a task id.");

    public override void Write(Utf8JsonWriter writer, TaskId value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
