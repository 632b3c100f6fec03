using Aaba.Abstractions.Security;
using Aaba.Hosting;
using Microsoft.Extensions.Options;

namespace Aaba.Api.Security;

/// <summary>
/// Refuses to start with access rules that would surprise an operator: a cluster (<c>AABA_REDIS</c> set) with no
/// bootstrap key and not told <c>AABA_AUTH_MODE=Open</c> explicitly, a malformed bootstrap key, a missing key file.
/// </summary>
internal sealed class AuthOptionsValidator(AabaDeployment deployment) : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        List<string> errors = [];
        if (!string.IsNullOrWhiteSpace(options.BootstrapKey) && !string.IsNullOrWhiteSpace(options.BootstrapKeyFile))
        {
            errors.Add("Set AABA_BOOTSTRAP_KEY or AABA_BOOTSTRAP_KEY_FILE, not both.");
        }
        if (!string.IsNullOrWhiteSpace(options.BootstrapKeyFile) && !File.Exists(options.BootstrapKeyFile))
        {
            errors.Add($"AABA_BOOTSTRAP_KEY_FILE names a file that does not exist: {options.BootstrapKeyFile}.");
        }
        var bootstrap = AccessMode.BootstrapKeyOf(options);
        if (bootstrap is not null && !ApiKeys.LooksLikeKey(bootstrap))
        {
            errors.Add($"The bootstrap key must be '{ApiKeys.Prefix}' followed by at least {ApiKeys.MinSecretLength} letters, digits, '-' or '_' " +
                       "(make one with: echo \"aaba_$(openssl rand -hex 32)\").");
        }
        if (!TenantId.IsValidName(options.BootstrapTenant))
        {
            errors.Add("Aaba:Auth:BootstrapTenant must be a tenant name (lower-case letters, digits, '-', '_').");
        }
        if (!deployment.Embedded && options.Mode == AuthMode.Auto && bootstrap is null)
        {
            errors.Add("Refusing to start a cluster API without keys: set AABA_BOOTSTRAP_KEY (or AABA_BOOTSTRAP_KEY_FILE) to an admin key, " +
                       "or AABA_AUTH_MODE=Keys when keys already exist in Redis, or AABA_AUTH_MODE=Open to run without any access control.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
