using System.ComponentModel.DataAnnotations;

namespace Aaba.Grains.Security;

/// <summary>How agent secrets are encrypted: ASP.NET Core Data Protection, its key ring in Redis.</summary>
public sealed class SecretsOptions
{
    public const string Section = "Aaba:Secrets";

    /// <summary>
    /// How long one Data Protection key encrypts new secrets before a new one takes over (rotation). Old keys stay
    /// in the ring, so every stored secret still decrypts. Default 90 days.
    /// </summary>
    [Range(typeof(TimeSpan), "7.00:00:00", "3650.00:00:00")]
    public TimeSpan KeyLifetime { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How long a silo reuses a secret it decrypted before reading it again (a change reaches runs within this).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromSeconds(5);
}
