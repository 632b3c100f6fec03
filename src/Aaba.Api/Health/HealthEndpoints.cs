using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Aaba.Api.Health;

/// <summary>
/// <code>
/// GET /healthz   the process is alive (no dependency checked)
/// GET /readyz    the cluster answers and storage is reachable
/// </code>
/// </summary>
internal static class HealthEndpoints
{
    private const string Ready = "ready";

    public static IServiceCollection AddAabaHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<ClusterHealthCheck>("cluster", tags: [Ready])
            .AddCheck<StorageHealthCheck>("storage", tags: [Ready]);
        return services;
    }

    /// <summary>The two probes; who may call them is the management surface's to say.</summary>
    public static IEndpointConventionBuilder[] MapHealthEndpoints(this IEndpointRouteBuilder app) =>
    [
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).WithTags("Health"),
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready) }).WithTags("Health"),
    ];
}
