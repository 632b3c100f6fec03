using System.Diagnostics.CodeAnalysis;

namespace Aaba.Abstractions.Security;

/// <summary>The roles as the API writes them: <c>reader</c>, <c>operator</c>, <c>admin</c>.</summary>
public static class ApiRoleNames
{
    /// <summary>The wire name of <paramref name="role"/>.</summary>
    public static string ToWireName(this ApiRole role) => role switch
    {
        ApiRole.Reader => "reader",
        ApiRole.Operator => "operator",
        ApiRole.Admin => "admin",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown role."),
    };

    /// <summary>Reads a wire name; nothing else (not numbers, not other casings).</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out ApiRole role)
    {
        foreach (var candidate in Enum.GetValues<ApiRole>())
        {
            if (candidate.ToWireName() == text)
            {
                role = candidate;
                return true;
            }
        }
        role = default;
        return false;
    }
}
