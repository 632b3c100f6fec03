using Aaba.Abstractions.Http;
using Aaba.Abstractions.Tasks;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Aaba.Api.Http;

/// <summary>
/// Turns the few domain exceptions grains throw into problem+json with the right status (the mapping is
/// <see cref="AabaProblems.From"/>, shared with the in-process .NET client). Anything else falls through to the
/// default handler as a 500 whose body reveals nothing internal.
/// </summary>
internal sealed partial class AabaExceptionHandler(IProblemDetailsService problems, ILogger<AabaExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>How long a client over its tenant's task limit is told to wait.</summary>
    public static readonly TimeSpan TaskLimitRetryAfter = TimeSpan.FromSeconds(5);

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var problem = ProblemFor(exception);
        if (problem is null)
        {
            return false;
        }
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            LogUnavailable(logger, exception);
        }
        if (exception is TenantTaskLimitException)
        {
            context.Response.Headers.RetryAfter = ((int)TaskLimitRetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>The answer to one of the domain exceptions (<see cref="AabaProblems"/>); null for anything else (a 500 that reveals nothing).</summary>
    public static ProblemDetails? ProblemFor(Exception exception) =>
        exception is BadHttpRequestException bad
            ? new ProblemDetails { Status = bad.StatusCode, Title = "Bad request", Detail = bad.Message }
            : AabaProblems.From(exception) is { } aaba ? ToProblemDetails(aaba) : null;

    private static ProblemDetails ToProblemDetails(AabaProblem aaba)
    {
        var problem = aaba.Errors is { } errors
            ? new HttpValidationProblemDetails(errors.ToDictionary())
            : new ProblemDetails();
        problem.Status = aaba.Status;
        problem.Title = aaba.Title;
        problem.Detail = aaba.Detail;
        if (aaba.TaskId is { } taskId)
        {
            problem.Extensions["task_id"] = taskId.ToString();
            problem.Extensions["status_url"] = aaba.StatusUrl;
        }
        return problem;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request failed: the cluster or its storage is unavailable")]
    private static partial void LogUnavailable(ILogger logger, Exception exception);
}
