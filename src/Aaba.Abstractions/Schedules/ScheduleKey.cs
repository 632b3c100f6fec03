using System.Diagnostics.CodeAnalysis;
using Aaba.Abstractions.Security;

namespace Aaba.Abstractions.Schedules;

/// <summary>
/// Identifies one schedule: its tenant and its name. Names are the tenant's own, so two tenants may both have a
/// schedule "nightly", and one never reaches the other's. The grain key is <c>{tenant}/{name}</c>.
/// </summary>
[GenerateSerializer, Immutable, Alias("aaba.schedule-key")]
public readonly record struct ScheduleKey([property: Id(0)] TenantId Tenant, [property: Id(1)] string Name)
{
    /// <summary>The longest schedule name.</summary>
    public const int MaxNameLength = 64;

    /// <summary>1 to <see cref="MaxNameLength"/> characters: lower-case ASCII letters, digits and '-', starting with a letter.</summary>
    public static bool IsValidName([NotNullWhen(true)] string? name) =>
        name is { Length: > 0 and <= MaxNameLength } && char.IsAsciiLetterLower(name[0]) &&
        name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    /// <summary>Parses the grain key form <c>{tenant}/{name}</c>.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out ScheduleKey key)
    {
        key = default;
        var slash = text?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (slash < 0 || !TenantId.TryParse(text![..slash], out var tenant) || !IsValidName(text[(slash + 1)..]))
        {
            return false;
        }
        key = new ScheduleKey(tenant, text[(slash + 1)..]);
        return true;
    }

    /// <summary>Parses the grain key form or throws <see cref="FormatException"/>.</summary>
    public static ScheduleKey Parse(string text) =>
        TryParse(text, out var key) ? key : throw new FormatException($"'{text}' is not a schedule key.");

    /// <summary>The grain key: <c>{tenant}/{name}</c> (neither part can hold a '/').</summary>
    public override string ToString() => $"{Tenant.Name}/{Name}";
}
