using System.Globalization;
using Aaba.Abstractions;
using Aaba.Abstractions.Tasks;
using Aaba.Grains.Tasks;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Aaba.Api.Tasks;

/// <summary>
/// Finding tasks again:
/// <code>
/// GET /tasks?agent=&amp;status=&amp;created_after=&amp;created_before=&amp;limit=&amp;cursor=   newest first, cursor-paginated
/// GET /tasks/stats                                                       counts by agent and status
/// </code>
/// Backed by Redis index sets: a page reads one index range and then only the tasks on the page.
/// </summary>
internal static class TaskEndpoints
{
    private const int DefaultLimit = 20;
    private const int MaxLimit = 100;
    private const int MaxScanRounds = 10;

    public static RouteGroupBuilder MapTaskEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/tasks").WithTags("Tasks");
        group.MapGet("/", ListTasksAsync).WithName("ListTasks").WithSummary("List tasks, newest first").ProducesValidationProblem();
        group.MapGet("/stats", GetStatsAsync).WithName("GetTaskStats").WithSummary("Count tasks by agent and status");
        return group;
    }

    private static async Task<Results<Ok<TaskPage>, ValidationProblem>> ListTasksAsync(
        ITaskIndex index, IGrainFactory grains,
        string? agent, string? status, string? createdAfter, string? createdBefore, int? limit, string? cursor)
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
        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"Must be between 1 and {MaxLimit}."];
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

        var pageSize = limit ?? DefaultLimit;
        var active = wanted is AgentTaskStatus.Queued or AgentTaskStatus.Running;
        var items = new List<TaskSummary>(pageSize);
        TaskId? last = from;
        var exhausted = false;
        for (var round = 0; round < MaxScanRounds && items.Count < pageSize && !exhausted; round++)
        {
            var ids = await index.ListAsync(new TaskIndexQuery(agent, active, active ? null : wanted, after, before, last, pageSize - items.Count));
            exhausted = ids.Count < pageSize - items.Count;
            var tasks = await Task.WhenAll(ids.Select(id => grains.GetTaskGrain(id).GetAsync()));
            foreach (var task in tasks)
            {
                // Active tasks are one set; queued and running are told apart by the task itself.
                if (task is not null && (wanted is null || task.Status == wanted))
                {
                    items.Add(TaskSummary.From(task));
                }
            }
            if (ids.Count > 0)
            {
                last = ids[^1];
            }
            if (!active)
            {
                // Terminal and unfiltered indexes are exact: one read fills the page.
                break;
            }
        }
        // A page may come back empty (every scanned task filtered out or expired) while older tasks remain: keep the cursor.
        var nextCursor = exhausted || last is null ? null : last.Value.ToString();
        return TypedResults.Ok(new TaskPage(items, nextCursor));
    }

    private static async Task<Ok<TaskStats>> GetStatsAsync(ITaskIndex index)
    {
        var counts = await index.CountAsync();
        var byAgent = counts.GroupBy(c => c.Agent).ToDictionary(
            g => g.Key,
            g => (IReadOnlyDictionary<string, long>)g.ToDictionary(c => c.Status, c => c.Count));
        return TypedResults.Ok(new TaskStats(byAgent));
    }

    private static DateTimeOffset? ParseTime(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (text is null)
        {
            return null;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return at;
        }
        errors[field] = ["Must be an ISO 8601 time, e.g. 2026-11-25T08:00:00Z."];
        return null;
    }
}
