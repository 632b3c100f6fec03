using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aaba.Abstractions;
using Aaba.Abstractions.Http;
using Aaba.Abstractions.Schedules;
using Aaba.Api.Agents;
using Aaba.Api.Http;
using Aaba.Api.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Aaba.Api.Schedules;

/// <summary>
/// Schedules: an agent run at every slot of a cron expression in a time zone.
/// <code>
/// GET    /schedules                 the tenant's schedules, each with its next and last runs
/// GET    /schedules/{name}          one schedule
/// PUT    /schedules/{name}          create or change it (admin)           → 201 new, 200 changed
/// DELETE /schedules/{name}          delete it; tasks it started are kept (admin)
/// POST   /schedules/{name}/pause    stop firing (admin)
/// POST   /schedules/{name}/resume   fire again from the next slot (admin)
/// </code>
/// A schedule belongs to the tenant of the key that set it; its tasks run in that tenant. Another tenant's schedule
/// answers 404, like one that does not exist. Changes are audited; so is each firing (by the silo, <c>schedule.fire</c>).
/// </summary>
internal static class ScheduleEndpoints
{
    private static readonly string[] KnownFields = ["cron", "time_zone", "agent", "input", "timeout_s", "paused"];

    public static RouteGroupBuilder MapScheduleEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(AabaRoutes.Schedules).WithTags("Schedules").RequireAuthorization(AabaPolicies.Reader);
        group.MapGet("/", ListAsync).WithName("ListSchedules").WithSummary("The tenant's schedules with their next and last runs");
        group.MapGet("/{name}", GetAsync).WithName("GetSchedule").WithSummary("One schedule with its next and last runs")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{name}", PutAsync).WithName("PutSchedule").WithSummary("Create or change a schedule")
            .Accepts<JsonObject>("application/json").Produces<ScheduleResponse>().Produces<ScheduleResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .RequireAuthorization(AabaPolicies.Admin).Audited(AuditActions.ScheduleSet);
        group.MapDelete("/{name}", DeleteAsync).WithName("DeleteSchedule").WithSummary("Delete a schedule (the tasks it started are kept)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(AabaPolicies.Admin).Audited(AuditActions.ScheduleDelete);
        group.MapPost("/{name}/pause", PauseAsync).WithName("PauseSchedule").WithSummary("Stop firing until resumed")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(AabaPolicies.Admin).Audited(AuditActions.SchedulePause);
        group.MapPost("/{name}/resume", ResumeAsync).WithName("ResumeSchedule").WithSummary("Fire again from the next slot (missed ones are not made up)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(AabaPolicies.Admin).Audited(AuditActions.ScheduleResume);
        return group;
    }

    private static async Task<Ok<ScheduleResponse[]>> ListAsync(ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok((await grains.GetSchedules().ListAsync(user.TenantOf())).Select(ScheduleResponse.From).ToArray());

    private static async Task<Results<Ok<ScheduleResponse>, ProblemHttpResult>> GetAsync(string name, ClaimsPrincipal user, IGrainFactory grains) =>
        ScheduleKey.IsValidName(name) && await grains.GetSchedule(user.TenantOf(), name).GetAsync() is { } schedule
            ? TypedResults.Ok(ScheduleResponse.From(schedule))
            : NotFound(name);

    private static async Task<IResult> PutAsync(string name, HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var (json, problem) = await JsonObjectBody.ReadAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        var (definition, errors) = Read(name, JsonNode.Parse(json!)!.AsObject(), user.KeyIdOf());
        if (definition is null)
        {
            return Invalid(errors);
        }
        var change = await grains.GetSchedule(user.TenantOf(), name).SetAsync(definition);
        var schedule = ScheduleResponse.From(change.Schedule);
        return change.Created ? TypedResults.Created(AabaRoutes.Schedule(name), schedule) : TypedResults.Ok(schedule);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string name, ClaimsPrincipal user, IGrainFactory grains) =>
        ScheduleKey.IsValidName(name) && await grains.GetSchedule(user.TenantOf(), name).DeleteAsync() ? TypedResults.NoContent() : NotFound(name);

    private static async Task<Results<Ok<ScheduleResponse>, ProblemHttpResult>> PauseAsync(string name, ClaimsPrincipal user, IGrainFactory grains) =>
        ScheduleKey.IsValidName(name) && await grains.GetSchedule(user.TenantOf(), name).PauseAsync(user.KeyIdOf()) is { } schedule
            ? TypedResults.Ok(ScheduleResponse.From(schedule))
            : NotFound(name);

    private static async Task<Results<Ok<ScheduleResponse>, ProblemHttpResult>> ResumeAsync(string name, ClaimsPrincipal user, IGrainFactory grains) =>
        ScheduleKey.IsValidName(name) && await grains.GetSchedule(user.TenantOf(), name).ResumeAsync(user.KeyIdOf()) is { } schedule
            ? TypedResults.Ok(ScheduleResponse.From(schedule))
            : NotFound(name);

    /// <summary>The definition the body describes, or every problem of its shape by field (the grain checks cron, zone, agent and input).</summary>
    internal static (ScheduleDefinition? Definition, Dictionary<string, string[]> Errors) Read(string name, JsonObject body, string? setBy)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (field, _) in body)
        {
            if (!KnownFields.Contains(field))
            {
                errors[field] = [$"Unknown field. Allowed fields: {string.Join(", ", KnownFields)}."];
            }
        }
        if (!ScheduleKey.IsValidName(name))
        {
            errors["name"] = [$"Must be 1 to {ScheduleKey.MaxNameLength} lower-case letters, digits and '-', starting with a letter."];
        }
        string? Text(string field, string? fallback = null)
        {
            switch (body[field])
            {
                case null when fallback is not null:
                    return fallback;
                case null:
                    errors[field] = ["This field is required."];
                    return null;
                case var node when node.GetValueKind() == JsonValueKind.String:
                    return node.GetValue<string>();
                default:
                    errors[field] = ["Must be a string."];
                    return null;
            }
        }
        var cron = Text("cron");
        var zone = Text("time_zone", fallback: "UTC");
        var agent = Text("agent");
        var input = body["input"] ?? new JsonObject();
        if (input is not JsonObject)
        {
            errors["input"] = ["Must be a JSON object: the agent's input."];
        }
        TimeSpan? timeout = null;
        if (body["timeout_s"] is { } seconds)
        {
            if (seconds.GetValueKind() == JsonValueKind.Number && seconds.GetValue<double>() is > 0 and < 1e7 and var value)
            {
                timeout = TimeSpan.FromSeconds(value);
            }
            else
            {
                errors["timeout_s"] = ["Must be a number of seconds."];
            }
        }
        bool? paused = null;
        if (body["paused"] is { } pausedNode)
        {
            if (pausedNode.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
            {
                paused = pausedNode.GetValue<bool>();
            }
            else
            {
                errors["paused"] = ["Must be true or false."];
            }
        }
        return errors.Count > 0
            ? (null, errors)
            : (new ScheduleDefinition(cron!, zone!, agent!, input.ToJsonString(), timeout, paused, setBy), errors);
    }

    private static ValidationProblem Invalid(Dictionary<string, string[]> errors) => TypedResults.ValidationProblem(errors,
        title: AabaProblems.Titles.InvalidSchedule, detail: "The schedule is not valid; see 'errors' (the agent's input_schema is at GET /agents).");

    private static ProblemHttpResult NotFound(string name) => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
        title: AabaProblems.Titles.ScheduleNotFound, detail: $"No schedule named '{AgentEndpoints.Shown(name)}'. GET /schedules lists yours.");
}
