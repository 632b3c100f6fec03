using Aaba.Abstractions.Http;

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
        builder.Services.ConfigureHttpJsonOptions(options => AabaWireJson.Configure(options.SerializerOptions));
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Detail ??= FrameworkProblemDetail(context.HttpContext));
        builder.Services.AddExceptionHandler<AabaExceptionHandler>();
        builder.Services.AddHostedService<ReadyBanner>();
        return builder;
    }

    /// <summary>A clear sentence for the answers the framework produces itself (no route, wrong method, wrong content type).</summary>
    private static string? FrameworkProblemDetail(HttpContext context) => context.Response.StatusCode switch
    {
        StatusCodes.Status404NotFound => $"There is no route {context.Request.Path}. GET /agents lists the agents; the API reference is at /docs.",
        StatusCodes.Status405MethodNotAllowed => $"{context.Request.Method} is not allowed on {context.Request.Path}; see /docs for the methods each route takes.",
        StatusCodes.Status415UnsupportedMediaType =>
            $"Send the body as JSON with 'Content-Type: application/json' (got '{context.Request.ContentType ?? "none"}').",
        StatusCodes.Status413PayloadTooLarge => $"The body must be at most {JsonObjectBody.MaxBytes / 1024} KiB.",
        _ => null,
    };
}
