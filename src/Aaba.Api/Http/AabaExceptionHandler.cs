using Aaba.Abstractions.Agents;
using Aaba.Abstractions.Tasks;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Aaba.Api.Http;

/// <summary>
/// Turns the few domain exceptions grains throw into problem+json with the right status. Anything else falls
/// through to the default handler as a 500 whose body reveals nothing internal.
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

    /// <summary>The answer to one of the domain exceptions; null for anything else (a 500 that reveals nothing).</summary>
    public static ProblemDetails? ProblemFor(Exception exception) =>
        exception switch
        {
            UnknownAgentException unknown => new ProblemDetails
            {
                Status = StatusCodes.Status404NotFound,
                Title = "Unknown agent",
                Detail = $"No agent named '{unknown.Agent}' is registered. GET /agents lists the agents.",
            },
            InvalidTaskInputException invalid => new HttpValidationProblemDetails(invalid.Errors.ToDictionary())
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "Invalid input",
                Detail = "The input is not valid for this agent; see 'errors' and the agent's input_schema at GET /agents.",
            },
            TenantTaskLimitException limit => new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many tasks in flight",
                Detail = limit.Message,
            },
            TaskConflictException conflict => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "Conflict",
                Detail = conflict.Message,
            },
            TaskOutcomeUnknownException unknown => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Outcome unknown",
                Detail = unknown.Message,
                Extensions = { ["task_id"] = unknown.TaskId.ToString(), ["status_url"] = $"/agents/status/{unknown.TaskId}" },
            },
            StorageUnavailableException => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Service unavailable",
                Detail = "The task store is unavailable right now; nothing was changed. Retry shortly.",
            },
            TimeoutException or OrleansException => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Service unavailable",
                Detail = "The cluster did not answer in time; the request may or may not have taken effect. Read the resource to find out, then retry.",
            },
            BadHttpRequestException bad => new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = "Bad request",
                Detail = bad.Message,
            },
            _ => null,
        };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request failed: the cluster or its storage is unavailable")]
    private static partial void LogUnavailable(ILogger logger, Exception exception);
}
