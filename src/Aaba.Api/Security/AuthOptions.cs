using System.ComponentModel.DataAnnotations;

namespace Aaba.Api.Security;

/// <summary>Who may call the API: the mode, the bootstrap admin key, and how fast a revocation is seen.</summary>
public sealed class AuthOptions
{
    public const string Section = "Aaba:Auth";

    /// <summary><c>AABA_AUTH_MODE</c>: <c>Auto</c> (default), <c>Keys</c> or <c>Open</c>.</summary>
    public AuthMode Mode { get; set; } = AuthMode.Auto;

    /// <summary><c>AABA_BOOTSTRAP_KEY</c>: an admin key that needs no store (create the other keys with it). <c>aaba_</c> and at least 32 more characters.</summary>
    public string? BootstrapKey { get; set; }

    /// <summary><c>AABA_BOOTSTRAP_KEY_FILE</c>: a file holding the bootstrap key (a Docker or Kubernetes secret), instead of <see cref="BootstrapKey"/>.</summary>
    public string? BootstrapKeyFile { get; set; }

    /// <summary>The tenant the bootstrap key acts in.</summary>
    public string BootstrapTenant { get; set; } = Abstractions.Security.TenantId.DefaultName;

    /// <summary>How long this process trusts a key it looked up, at most (a revocation clears it sooner; see <see cref="RevocationCheckInterval"/>).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan KeyCacheTtl { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often this process asks whether a key was revoked; a revocation takes effect here within about this long.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:01")]
    public TimeSpan RevocationCheckInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a console sign-in lasts before the key must be given again (the key's revocation ends it at once).</summary>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00")]
    public TimeSpan ConsoleSessionLifetime { get; set; } = TimeSpan.FromHours(12);
}
