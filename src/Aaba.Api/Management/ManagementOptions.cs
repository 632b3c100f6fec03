namespace Aaba.Api.Management;

/// <summary>
/// Where the management surface (<c>/docs</c>, <c>/openapi/v1.json</c>, <c>/dashboard</c>, <c>/metrics</c>,
/// <c>/healthz</c>, <c>/readyz</c>) answers, and to whom.
/// </summary>
public sealed class ManagementOptions : Microsoft.Extensions.Options.IValidateOptions<ManagementOptions>
{
    public const string Section = "Aaba:Management";

    /// <summary>
    /// <c>AABA_MANAGEMENT_URL</c>, e.g. <c>http://127.0.0.1:8082</c>: a second listener that serves the management
    /// surface without a key, and only there (the API port then does not serve it). Bind it where only operators
    /// and scrapers reach. Empty: the management surface is on the API port, behind the admin role (probes aside).
    /// </summary>
    public string? Url { get; set; }

    /// <summary>On the API port: <c>/healthz</c> and <c>/readyz</c> answer without a key (they reveal nothing but up/down). Default true.</summary>
    public bool PublicProbes { get; set; } = true;

    /// <summary>On the API port: <c>/metrics</c> answers without a key. Default false (admin only; Prometheus can send a bearer key).</summary>
    public bool PublicMetrics { get; set; }

    /// <summary>The management listener's port, or null when there is none.</summary>
    public int? Port => Uri.TryCreate(Url?.Replace("+", "0.0.0.0", StringComparison.Ordinal).Replace("*", "0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri) ? uri.Port : null;

    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, ManagementOptions options) =>
        string.IsNullOrWhiteSpace(options.Url) || (Uri.TryCreate(options.Url.Replace("+", "0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Port > 0)
            ? Microsoft.Extensions.Options.ValidateOptionsResult.Success
            : Microsoft.Extensions.Options.ValidateOptionsResult.Fail("AABA_MANAGEMENT_URL must be an http(s) URL with a port, e.g. http://127.0.0.1:8082.");
}
