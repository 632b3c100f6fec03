using Aaba.Abstractions.Http;
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
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception is BadHttpRequestException bad
            ? new ProblemDetails { Status = bad.StatusCode, Title = "Bad request", Detail = bad.Message }
            : AabaProblems.From(exception) is { } aaba ? ToProblemDetails(aaba) : null;
        if (problem is null)
        {
            return false;
        }
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            LogUnavailable(logger, exception);
        }
        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

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
