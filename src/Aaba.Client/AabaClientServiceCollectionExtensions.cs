using System.Net.Http.Headers;
using Aaba.Client.Cluster;
using Aaba.Client.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Aaba.Client;

/// <summary>Registers <see cref="IAabaClient"/>.</summary>
public static class AabaClientServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> the HTTP transport uses, to add handlers to it (<c>services.AddHttpClient(HttpClientName)</c>).</summary>
    public const string HttpClientName = "Aaba.Client";

    /// <summary>
    /// Registers <see cref="IAabaClient"/> with the transport <paramref name="configure"/> chooses:
    /// <list type="bullet">
    /// <item><c>o.UseHttp(new Uri("http://localhost:5080"), apiKey)</c>: a typed <see cref="HttpClient"/> with the
    /// standard resilience handler (retries only for requests that are safe to repeat: reads, cancels, and runs that
    /// carry an idempotency key; attempt timeouts longer than the API's 30 s long-poll).</item>
    /// <item><c>o.UseCluster("localhost:6379")</c>: an Orleans cluster client in this process, configured as the API's
    /// cluster mode is (<see cref="AabaClusterClientBuilderExtensions.UseAabaCluster"/>). It connects when the host
    /// starts, so use it with the generic host (<c>Host.CreateApplicationBuilder</c>, ASP.NET Core).</item>
    /// </list>
    /// </summary>
    public static IServiceCollection AddAabaClient(this IServiceCollection services, Action<AabaClientOptions> configure)
    {
        var options = new AabaClientOptions();
        configure(options);
        options.Validate();
        services.TryAddSingleton(TimeProvider.System);
        switch (options.Transport)
        {
            case AabaTransport.Http:
                services.AddHttpClient<IAabaClient, HttpAabaClient>(HttpClientName, http =>
                    {
                        http.BaseAddress = options.BaseAddress;
                        // Resilience bounds each request; the client's own timeout would also cut event streams.
                        http.Timeout = Timeout.InfiniteTimeSpan;
                        if (options.ApiKey is { Length: > 0 } key)
                        {
                            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
                        }
                    })
                    .AddStandardResilienceHandler(ConfigureResilience);
                break;
            case AabaTransport.Cluster:
                var redis = AabaClusterClientBuilderExtensions.RedisClientOptions(options.RedisConnectionString!);
                services.AddOrleansClient(client =>
                {
                    client.UseAabaCluster(options.ClusterId, options.ServiceId, _ => redis.Clone());
                    options.ConfigureClusterClient?.Invoke(client);
                });
                var (tenant, role) = (options.Tenant, options.Role);
                services.AddSingleton<IAabaClient>(sp => new ClusterAabaClient(
                    sp.GetRequiredService<IGrainFactory>(), sp.GetService<TimeProvider>() ?? TimeProvider.System, tenant, role));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(configure), options.Transport, "Unknown transport.");
        }
        return services;
    }

    /// <summary>
    /// The standard pipeline (rate limiter, total timeout, retry, circuit breaker, attempt timeout), with attempts that
    /// outlast a 30 s long-poll, and retries only where a repeat cannot do anything twice.
    /// </summary>
    private static void ConfigureResilience(HttpStandardResilienceOptions resilience)
    {
        resilience.AttemptTimeout.Timeout = TimeSpan.FromSeconds(40);
        resilience.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(100);
        resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(80);
        var transient = resilience.Retry.ShouldHandle;
        resilience.Retry.ShouldHandle = async arguments =>
            IsSafeToRepeat(arguments.Context.GetRequestMessage()) && await transient(arguments);
    }

    /// <summary>Reads, cancels (cancelling again changes nothing) and runs with an idempotency key.</summary>
    private static bool IsSafeToRepeat(HttpRequestMessage? request) =>
        request is not null && (
            request.Method == HttpMethod.Get ||
            request.Headers.Contains(HttpAabaClient.IdempotencyKeyHeader) ||
            request.RequestUri?.OriginalString.EndsWith("/cancel", StringComparison.Ordinal) == true);
}
