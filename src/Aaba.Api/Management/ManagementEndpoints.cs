using Aaba.Api.Security;
using Aaba.Hosting;
using Aaba.ServiceDefaults;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;
using Scalar.AspNetCore;

namespace Aaba.Api.Management;

/// <summary>
/// The management surface:
/// <code>
/// GET /docs, /openapi/v1.json   API reference          admin (or the management listener)
/// GET /dashboard                Orleans dashboard      admin (or the management listener)
/// GET /metrics                  Prometheus             admin unless PublicMetrics (or the management listener)
/// GET /healthz, /readyz         probes                 open unless PublicProbes=false (or the management listener)
/// </code>
/// With <see cref="ManagementOptions.Url"/> set, all of it answers on that listener only, without a key.
/// </summary>
internal static class ManagementEndpoints
{
    public static WebApplicationBuilder AddAabaManagement(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ManagementOptions>().BindConfiguration(ManagementOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ManagementOptions>, ManagementOptions>();
        var url = builder.Configuration[$"{ManagementOptions.Section}:{nameof(ManagementOptions.Url)}"];
        if (!string.IsNullOrWhiteSpace(url))
        {
            var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey];
            builder.WebHost.UseUrls($"{(string.IsNullOrWhiteSpace(urls) ? Http.HttpDefaults.DefaultUrl : urls)};{url}");
        }
        return builder;
    }

    public static WebApplication MapManagementEndpoints(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<ManagementOptions>>().Value;
        IEndpointConventionBuilder[] adminOnly =
        [
            app.MapOpenApi(),
            app.MapScalarApiReference("/docs"),
            .. AabaDashboard.IsEnabled(app.Configuration) ? [app.MapOrleansDashboard("/dashboard").ExcludeFromDescription()] : Array.Empty<IEndpointConventionBuilder>(),
        ];
        var metrics = app.MapMetrics();
        var probes = app.MapProbes();
        if (options.Port is { } port)
        {
            foreach (var endpoint in adminOnly.Append(metrics).Concat(probes))
            {
                endpoint.RequireHost($"*:{port}").AllowAnonymous().DisableRateLimiting();
            }
            return app;
        }
        foreach (var endpoint in adminOnly)
        {
            endpoint.RequireAuthorization(AabaPolicies.Admin);
        }
        if (options.PublicMetrics)
        {
            metrics.AllowAnonymous().DisableRateLimiting();
        }
        else
        {
            metrics.RequireAuthorization(AabaPolicies.Admin);
        }
        foreach (var probe in probes)
        {
            if (options.PublicProbes)
            {
                probe.AllowAnonymous().DisableRateLimiting();
            }
            else
            {
                probe.RequireAuthorization(AabaPolicies.Admin);
            }
        }
        return app;
    }
}
