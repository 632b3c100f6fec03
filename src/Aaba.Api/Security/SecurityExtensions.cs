using Aaba.Abstractions.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Aaba.Api.Security;

/// <summary>Who may do what: the API-key scheme, one policy per role, rate limits, the audit trail.</summary>
internal static class SecurityExtensions
{
    public static WebApplicationBuilder AddAabaSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddSingleton<AccessMode>();
        services.AddSingleton<ApiKeyCache>();
        services.AddSingleton<KnownAddresses>();
        services.AddSingleton<KeyLookup>();
        services.AddSingleton<ConsoleSessionCookie>();
        services.AddHostedService<RevocationWatcher>();
        services.AddHostedService<OpenModeWarning>();
        services.AddSingleton<AuditTrail>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditTrail>());
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, DeniedRequestAuditor>();

        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(AabaPolicies.Reader, policy => policy.RequireAuthenticatedUser().RequireRole(ApiRole.Reader.ToWireName()))
            .AddPolicy(AabaPolicies.Operator, policy => policy.RequireAuthenticatedUser().RequireRole(ApiRole.Operator.ToWireName()))
            .AddPolicy(AabaPolicies.Admin, policy => policy.RequireAuthenticatedUser().RequireRole(ApiRole.Admin.ToWireName()))
            // A route that names no policy (or no route at all) still needs a key: nothing is open by omission.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireRole(ApiRole.Reader.ToWireName()).Build());
        services.AddAabaRateLimits();
        return builder;
    }

    /// <summary>Authentication, then rate limits (which partition by key), then authorization (which audits denials).</summary>
    public static WebApplication UseAabaSecurity(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }
}
