namespace Aaba.Abstractions.Security;

/// <summary>Secret names agents look for.</summary>
public static class AgentSecretNames
{
    /// <summary>The model API key an LLM-backed agent (the lead agent) uses instead of <c>OPENAI_API_KEY</c>.</summary>
    public const string ModelApiKey = "model_api_key";

    /// <summary>The longest secret name.</summary>
    public const int MaxNameLength = 64;

    /// <summary>The largest secret value, in characters.</summary>
    public const int MaxValueLength = 8192;

    /// <summary>1 to <see cref="MaxNameLength"/> characters: lower-case ASCII letters, digits, '-' and '_', starting with a letter.</summary>
    public static bool IsValid(string? name) =>
        name is { Length: > 0 and <= MaxNameLength } && char.IsAsciiLetterLower(name[0]) &&
        name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_');
}
