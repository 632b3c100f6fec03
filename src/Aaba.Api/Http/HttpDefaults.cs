using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aaba.Api.Http;

/// <summary>The HTTP conventions every route shares: snake_case JSON, problem+json errors, the default address.</summary>
internal static class HttpDefaults
{
    public const string DefaultUrl = "http://localhost:5080";

    public static WebApplicationBuilder AddAabaHttpDefaults(this WebApplicationBuilder builder)
    {
        // Only when no address was given by --urls, ASPNETCORE_URLS, URLS or configuration.
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            options.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        });
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<AabaExceptionHandler>();
        builder.Services.AddHostedService<ReadyBanner>();
        return builder;
    }
}
