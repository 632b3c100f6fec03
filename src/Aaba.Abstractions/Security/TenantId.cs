using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace Aaba.Abstractions.Security;

/// <summary>
/// Who owns a task, its idempotency keys, events and transcript. Every API key belongs to one tenant; a tenant
/// never sees another's tasks. <c>default(TenantId)</c> is <see cref="Default"/>, the tenant of everything stored
/// before tenants existed and of the open (unauthenticated) embedded mode.
/// </summary>
[GenerateSerializer, Immutable, Alias("aaba.tenant-id"), JsonConverter(typeof(TenantIdJsonConverter))]
public readonly record struct TenantId
{
    /// <summary>The name of <see cref="Default"/>.</summary>
    public const string DefaultName = "default";

    /// <summary>The longest tenant name.</summary>
    public const int MaxLength = 63;

    /// <summary>Null for the default tenant, so <c>default(TenantId)</c> and <see cref="Default"/> are one value.</summary>
    [Id(0)]
    private readonly string? _name;

    private TenantId(string name) => _name = name == DefaultName ? null : name;

    /// <summary>The tenant of data without one, and of the open embedded mode.</summary>
    public static TenantId Default => default;

    /// <summary>Lower-case letters, digits, '-' and '_', starting with a letter or digit.</summary>
    public string Name => _name ?? DefaultName;

    /// <summary>Whether this is <see cref="Default"/>.</summary>
    public bool IsDefault => _name is null;

    /// <summary>Accepts a valid tenant name (see <see cref="Name"/>), nothing else.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out TenantId tenant)
    {
        tenant = default;
        if (!IsValidName(text))
        {
            return false;
        }
        tenant = new TenantId(text);
        return true;
    }

    /// <summary>Parses a tenant name or throws <see cref="FormatException"/>.</summary>
    public static TenantId Parse(string text) =>
        TryParse(text, out var tenant) ? tenant : throw new FormatException($"'{text}' is not a tenant name.");

    /// <summary>1 to <see cref="MaxLength"/> characters: lower-case ASCII letters, digits, '-' and '_', not starting with '-' or '_'.</summary>
    public static bool IsValidName([NotNullWhen(true)] string? text) =>
        text is { Length: > 0 and <= MaxLength } &&
        (char.IsAsciiLetterLower(text[0]) || char.IsAsciiDigit(text[0])) &&
        text.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_');

    /// <summary>The name.</summary>
    public override string ToString() => Name;
}
