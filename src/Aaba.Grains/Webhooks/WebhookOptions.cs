using System.ComponentModel.DataAnnotations;

namespace Aaba.Grains.Webhooks;

/// <summary>Signed webhooks: the CRM kind's deliveries and tasks' completion callbacks.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Aaba:Webhooks";

    /// <summary>
    /// <c>AABA_WEBHOOK_SECRET</c>: the Standard Webhooks signing secret (<c>whsec_</c> + base64) used when the agent has
    /// no <c>webhook_secret</c> secret of its own. Never logged or returned. Empty: webhooks need an agent secret.
    /// </summary>
    public string? SigningSecret { get; set; }

    /// <summary>One delivery attempt, connect to answer.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The first wait before a failed delivery is sent again; doubles (with jitter) up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two attempts.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long after a task's end its completion webhook is still tried.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan CallbackMaxAge { get; set; } = TimeSpan.FromDays(1);
}
