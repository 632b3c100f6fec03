using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Aaba.Grains.Security;

/// <summary>
/// The one Data Protection set-up: application "aaba", key ring in Redis, rotated every <see cref="SecretsOptions.KeyLifetime"/>.
/// Silos use it for agent secrets; API processes for the console's sign-in cookie, so a cookie one API process issued
/// is read by every other (and by the same process after a restart).
/// </summary>
public static class AabaDataProtectionExtensions
{
    public static IServiceCollection AddAabaDataProtection(this IServiceCollection services)
    {
        services.AddOptions<SecretsOptions>().BindConfiguration(SecretsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<SecurityKeys>();
        services.TryAddSingleton<DataProtectionRedis>();
        services.AddDataProtection().SetApplicationName("aaba");
        services.AddOptions<KeyManagementOptions>().Configure<DataProtectionRedis, SecurityKeys, IOptions<SecretsOptions>>((keyring, connection, keys, secrets) =>
        {
            keyring.XmlRepository = new RedisXmlRepository(connection.Database, keys.DataProtectionKeys);
            keyring.NewKeyLifetime = secrets.Value.KeyLifetime;
        });
        return services;
    }
}
