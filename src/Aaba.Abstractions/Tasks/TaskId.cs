using System.Diagnostics.CodeAnalysis;

namespace Aaba.Abstractions.Tasks;

/// <summary>
/// Identifies one task. A UUIDv7, so ids sort by creation time in their canonical text form.
/// </summary>
[GenerateSerializer, Immutable, Alias("aaba.task-id"), System.Text.Json.Serialization.JsonConverter(typeof(TaskIdJsonConverter))]
public readonly record struct TaskId([property: Id(0)] Guid Value)
{
    /// <summary>Creates a new time-ordered id.</summary>
    public static TaskId New(TimeProvider time) => new(Guid.CreateVersion7(time.GetUtcNow()));

    /// <summary>Parses the canonical text form (also accepts 32 hex digits); rejects anything else, including non-v7 GUIDs.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out TaskId id)
    {
        id = default;
        // Length first: Guid parsing would otherwise accept surrounding whitespace.
        if (text is not { Length: 36 or 32 } || !(Guid.TryParseExact(text, "D", out var guid) || Guid.TryParseExact(text, "N", out guid)) || guid.Version != 7)
        {
            return false;
        }
        id = new TaskId(guid);
        return true;
    }

    /// <summary>Parses the text form or throws <see cref="FormatException"/>.</summary>
    public static TaskId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not a task id.");

    /// <summary>When the id was made (millisecond precision): the first 48 bits of a UUIDv7 are Unix milliseconds.</summary>
    public DateTimeOffset CreatedAt
    {
        get
        {
            Span<byte> bytes = stackalloc byte[16];
            Value.TryWriteBytes(bytes, bigEndian: true, out _);
            var milliseconds = ((long)bytes[0] << 40) | ((long)bytes[1] << 32) | ((long)bytes[2] << 24) | ((long)bytes[3] << 16) | ((long)bytes[4] << 8) | bytes[5];
            return DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
        }
    }

    /// <summary>The canonical lower-case form with dashes; also the grain key.</summary>
    public override string ToString() => Value.ToString("D");
}
