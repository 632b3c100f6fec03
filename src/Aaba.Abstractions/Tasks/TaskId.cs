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

    /// <summary>
    /// A UUIDv7 that is the same every time for the same <paramref name="at"/> and <paramref name="seed"/>: the time
    /// bits are <paramref name="at"/>'s (so it sorts with the tasks of that moment) and the random bits come from
    /// SHA-256 of the seed. A pipeline's step (parent id + step + item) and a schedule's slot (name + slot time) name
    /// their task this way, so whoever starts it again, after a crash or on another silo, finds the same task.
    /// </summary>
    public static TaskId Deterministic(DateTimeOffset at, string seed)
    {
        Span<byte> bytes = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(seed), bytes);
        var milliseconds = at.ToUnixTimeMilliseconds();
        for (var i = 0; i < 6; i++)
        {
            bytes[i] = (byte)(milliseconds >> (8 * (5 - i)));
        }
        bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new TaskId(new Guid(bytes[..16], bigEndian: true));
    }

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
