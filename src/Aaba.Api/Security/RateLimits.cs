using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Aaba.Api.Security;

/// <summary>
/// ASP.NET Core's rate limiter, partitioned by key: a token bucket per key (per address for requests without an
/// accepted key), and a concurrency limit on event streams per key. Beyond either: 429 problem+json with Retry-After.
/// </summary>
internal static class RateLimits
{
    /// <summary>The policy on the event-stream route.</summary>
    public const string EventStreams = "event-streams";

    private static readonly TimeSpan StreamRetryAfter = TimeSpan.FromSeconds(5);

    public static IServiceCollection AddAabaRateLimits(this IServiceCollection services)
    {
        services.AddOptions<LimitsOptions>().BindConfiguration(LimitsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<LimitsOptions>, AccessMode>((limiter, limits, access) =>
        {
            var settings = limits.Value;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (access.Open)
                {
                    return RateLimitPartition.GetNoLimiter("open");
                }
                var keyId = context.User.KeyIdOf();
                return keyId is not null
                    ? RateLimitPartition.GetTokenBucketLimiter("key:" + keyId, _ => Bucket(settings.RequestsPerSecond, settings.Burst))
                    : RateLimitPartition.GetTokenBucketLimiter("address:" + context.Connection.RemoteIpAddress,
                        _ => Bucket(settings.AnonymousRequestsPerSecond, settings.AnonymousBurst));
            });
            limiter.AddPolicy(EventStreams, context => access.Open
                ? RateLimitPartition.GetNoLimiter("open")
                : RateLimitPartition.GetConcurrencyLimiter("streams:" + (context.User.KeyIdOf() ?? context.Connection.RemoteIpAddress?.ToString()),
                    _ => new ConcurrencyLimiterOptions { PermitLimit = settings.MaxEventStreamsPerKey, QueueLimit = 0 }));
            limiter.OnRejected = RejectAsync;
        });
        return services;
    }

    private static TokenBucketRateLimiterOptions Bucket(int perSecond, int burst) => new()
    {
        TokenLimit = burst,
        TokensPerPeriod = perSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var streams = context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == EventStreams;
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : streams ? StreamRetryAfter : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = streams
                    ? "This key already holds as many event streams open as it may; close one, or retry later."
                    : $"This key (or address) is over its request rate; retry in {seconds} s.",
            },
        });
    }
}
