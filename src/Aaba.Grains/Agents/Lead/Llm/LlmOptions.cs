using System.ComponentModel.DataAnnotations;

namespace Aaba.Grains.Agents.Lead.Llm;

/// <summary>
/// The OpenAI-compatible chat endpoint the lead agent uses (OpenAI, Azure OpenAI, Ollama, vLLM, LM Studio…).
/// Without an API key the agent stays offline. The key is a secret: it is never logged, stored or returned.
/// </summary>
public sealed class LlmOptions : IValidatableObject
{
    public const string Section = "Aaba:Llm";

    /// <summary><c>OPENAI_API_KEY</c>. Empty: offline catalogue mode.</summary>
    public string? ApiKey { get; set; }

    /// <summary><c>OPENAI_BASE_URL</c>, e.g. <c>http://localhost:11434/v1</c>; empty for OpenAI itself.</summary>
    public string? BaseUrl { get; set; }

    /// <summary><c>OPENAI_MODEL</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Model { get; set; } = "gpt-4o-mini";

    /// <summary>How long one model call may take before the task fails with <c>llm_timeout</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Model calls per task before the model must give its final answer (tools are withdrawn on the last).</summary>
    [Range(1, 20)]
    public int MaxRounds { get; set; } = 6;

    /// <summary>Retries of a call answered 429/5xx or cut by the network, before <c>llm_unavailable</c>.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>Longest wait between retries, also the cap on a server's Retry-After.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts of a whole lead task when the model stays unavailable or times out (each attempt retries calls itself first).</summary>
    [Range(1, 10)]
    public int TaskMaxAttempts { get; set; } = 3;

    /// <summary>First delay before a lead task is attempted again; doubles per attempt, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan TaskRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Lead tasks talking to the model at once on one silo (each makes one call at a time); further tasks wait in line, shown as queued with their position.</summary>
    [Range(1, 1024)]
    public int MaxConcurrentCalls { get; set; } = 16;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(BaseUrl) && !Uri.TryCreate(BaseUrl, UriKind.Absolute, out _))
        {
            yield return new ValidationResult("OPENAI_BASE_URL must be an absolute URL such as http://localhost:11434/v1.", [nameof(BaseUrl)]);
        }
    }
}
