using System.Security.Cryptography;
using System.Text;

namespace Aaba.Api.Security;

/// <summary>
/// What an API key looks like and how it is stored. A key is <c>aaba_</c> plus 32 random bytes (256 bits) in
/// base64url; only its SHA-256 is stored. A slow password hash (PBKDF2, Argon2) protects secrets people choose,
/// which are guessable; a 256-bit random key cannot be guessed, so one fast hash is as safe and lets a request's key
/// be found by its hash in one lookup (no per-key salt to try).
/// </summary>
internal static class ApiKeys
{
    public const string Prefix = "aaba_";
    public const int MinSecretLength = 32;

    public static string Generate() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string NewId() => "key_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    public static bool IsId(string? text) =>
        text is { Length: 20 } && text.StartsWith("key_", StringComparison.Ordinal) && text[4..].All(char.IsAsciiHexDigitLower);

    /// <summary>The stored form: lower-case hex SHA-256 of the whole key.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Whether <paramref name="text"/> has a key's shape (the prefix and enough URL-safe characters).</summary>
    public static bool LooksLikeKey(string? text) =>
        text is not null && text.StartsWith(Prefix, StringComparison.Ordinal) && text.Length >= Prefix.Length + MinSecretLength && text.Length <= 200 &&
        text.Skip(Prefix.Length).All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
