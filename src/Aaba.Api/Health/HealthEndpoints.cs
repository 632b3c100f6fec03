using Aaba.ServiceDefaults;

namespace Aaba.Api.Health;

/// <summary>
/// What the API's <c>/readyz</c> checks (mapped with <c>/healthz</c> by <see cref="ServiceDefaultsExtensions.MapDefaultEndpoints"/>):
/// the cluster answers and storage is reachable.
/// </summary>
internal static class HealthEndpoints
{
    public static IServiceCollection AddAabaHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<ClusterHealthCheck>("cluster", tags: [ServiceDefaultsExtensions.ReadyTag])
            .AddCheck<StorageHealthCheck>("storage", tags: [ServiceDefaultsExtensions.ReadyTag]);
        return services;
    }
}
