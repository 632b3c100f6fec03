using System.Text.Json;
using Orleans.Storage;

namespace Aaba.Grains.Storage;

/// <summary>
/// Grain state as System.Text.Json text. The Redis provider stores the payload as a UTF-8 string, so a binary
/// serializer would be corrupted there; this one also writes no .NET type names, so renaming a state class
/// does not orphan stored state.
/// </summary>
public sealed class JsonGrainStorageSerializer : IGrainStorageSerializer
{
    public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input, AabaJson.Options));

    public T Deserialize<T>(BinaryData input) =>
        input.ToObjectFromJson<T>(AabaJson.Options) ?? throw new JsonException($"Stored state for {typeof(T).Name} is empty.");
}
