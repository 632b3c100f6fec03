using System.Globalization;
using System.Security.Claims;
using Aaba.Abstractions;
using Aaba.Abstractions.Http;
using Aaba.Abstractions.Tasks;
using Aaba.Api.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Aaba.Api.Tasks;

/// <summary>
/// Finding tasks again:
/// <code>
/// GET /tasks?agent=&amp;status=&amp;created_after=&amp;created_before=&amp;limit=&amp;cursor=   newest first, cursor-paginated
/// GET /tasks/stats                                                       counts by agent and status
/// GET /tasks/activity?minutes=60                                         finished tasks per minute and agent (the console's chart)
/// </code>
/// Answered by a silo from the task index (<see cref="ITaskQueryGrain"/>): a page is one index read, no task activates.
/// Both show the caller's tenant's tasks only.
/// </summary>
internal static class TaskEndpoints
{
    private const int DefaultLimit = 20;
    private const int DefaultActivityMinutes = 60;

    public static RouteGroupBuilder MapTaskEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/tasks").WithTags("Tasks").RequireAuthorization(AabaPolicies.Reader);
        group.MapGet("/", ListTasksAsync).WithName("ListTasks").WithSummary("List tasks, newest first")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapGet("/stats", GetStatsAsync).WithName("GetTaskStats").WithSummary("Count tasks by agent and status")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapGet("/activity", GetActivityAsync).WithName("GetTaskActivity")
            .WithSummary("Finished tasks per minute and agent over the last minutes (counted from the index)")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return group;
    }

    private static async Task<Results<Ok<TaskListPage>, ValidationProblem>> ListTasksAsync(
        IGrainFactory grains, ClaimsPrincipal user, string? agent, string? status,
        [FromQuery(Name = "created_after")] string? createdAfter, [FromQuery(Name = "created_before")] string? createdBefore,
        int? limit, string? cursor)
    {
        var errors = new Dictionary<string, string[]>();
        AgentTaskStatus? wanted = null;
        if (status is not null)
        {
            wanted = Enum.GetValues<AgentTaskStatus>().Cast<AgentTaskStatus?>().FirstOrDefault(s => s!.Value.ToWireName() == status);
            if (wanted is null)
            {
                errors["status"] = ["Must be one of queued, running, succeeded, failed, cancelled."];
            }
        }
        var after = ParseTime(createdAfter, "created_after", errors);
        var before = ParseTime(createdBefore, "created_before", errors);
        if (limit is < 1 or > TaskQuery.MaxLimit)
        {
            errors["limit"] = [$"Must be between 1 and {TaskQuery.MaxLimit}."];
        }
        TaskId? from = null;
        if (cursor is not null)
        {
            if (TaskId.TryParse(cursor, out var parsed))
            {
                from = parsed;
            }
            else
            {
                errors["cursor"] = ["Not a cursor from a previous page."];
            }
        }
        if (agent is not null && (agent.Length is 0 or > 64 || agent.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))))
        {
            errors["agent"] = ["Not an agent name."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: "The listing query is not valid; see 'errors'.");
        }
        var page = await grains.GetTaskQueries().ListAsync(new TaskQuery(agent, wanted, after, before, from, limit ?? DefaultLimit, user.TenantOf()));
        return TypedResults.Ok(TaskListPage.From(page));
    }

    private static async Task<Ok<TaskStats>> GetStatsAsync(IGrainFactory grains, ClaimsPrincipal user) =>
        TypedResults.Ok(TaskStats.From(await grains.GetTaskQueries().CountAsync(user.TenantOf())));

    private static async Task<Results<Ok<TaskActivityResponse>, ValidationProblem>> GetActivityAsync(
        IGrainFactory grains, ClaimsPrincipal user, TimeProvider time, int? minutes)
    {
        if (minutes is < 1 or > TaskActivity.MaxMinutes)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["minutes"] = [$"Must be between 1 and {TaskActivity.MaxMinutes}."] },
                detail: "The activity window is out of range.");
        }
        var window = minutes ?? DefaultActivityMinutes;
        // Whole minutes, the current one last, so two readers in the same minute see the same buckets.
        var now = time.GetUtcNow();
        var from = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerMinute, TimeSpan.Zero).AddMinutes(1 - window);
        var activity = await grains.GetTaskQueries().ActivityAsync(user.TenantOf(), from, window);
        return TypedResults.Ok(TaskActivityResponse.Of(activity));
    }

    private static DateTimeOffset? ParseTime(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (text is null)
        {
            return null;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) &&
            at >= TaskQuery.EarliestTime && at <= TaskQuery.LatestTime)
        {
            return at;
        }
        errors[field] = [$"Must be an ISO 8601 time between {TaskQuery.EarliestTime:yyyy-MM-dd} and {TaskQuery.LatestTime:yyyy-MM-dd}, e.g. 2026-11-25T08:00:00Z."];
        return null;
    }
}
