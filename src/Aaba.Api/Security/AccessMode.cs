using System.Security.Cryptography;
using System.Text;
using Aaba.Abstractions.Security;
using Aaba.Hosting;
using Microsoft.Extensions.Options;

namespace Aaba.Api.Security;

/// <summary>The access rules in force, decided once at start from <see cref="AuthOptions"/> and the deployment mode.</summary>
internal sealed class AccessMode
{
    private readonly byte[]? _bootstrapHash;

    public AccessMode(IOptions<AuthOptions> options, AabaDeployment deployment)
    {
        var settings = options.Value;
        var bootstrap = BootstrapKeyOf(settings);
        Open = settings.Mode == AuthMode.Open || (settings.Mode == AuthMode.Auto && bootstrap is null && deployment.Embedded);
        Embedded = deployment.Embedded;
        _bootstrapHash = bootstrap is null ? null : SHA256.HashData(Encoding.UTF8.GetBytes(bootstrap));
        BootstrapTenant = TenantId.TryParse(settings.BootstrapTenant, out var tenant) ? tenant : TenantId.Default;
    }

    /// <summary>No keys: every request is an admin of the default tenant.</summary>
    public bool Open { get; }

    public bool Embedded { get; }

    public bool HasBootstrapKey => _bootstrapHash is not null;

    public TenantId BootstrapTenant { get; }

    /// <summary>Whether <paramref name="keyHash"/> (lower-case hex SHA-256) is the bootstrap key's, compared in constant time.</summary>
    public bool IsBootstrap(string keyHash) =>
        _bootstrapHash is not null && CryptographicOperations.FixedTimeEquals(_bootstrapHash, Convert.FromHexString(keyHash));

    /// <summary>The configured bootstrap key (from the setting or its file), or null.</summary>
    public static string? BootstrapKeyOf(AuthOptions settings)
    {
        if (!string.IsNullOrWhiteSpace(settings.BootstrapKey))
        {
            return settings.BootstrapKey.Trim();
        }
        return string.IsNullOrWhiteSpace(settings.BootstrapKeyFile) || !File.Exists(settings.BootstrapKeyFile)
            ? null
            : File.ReadAllText(settings.BootstrapKeyFile).Trim();
    }
}
