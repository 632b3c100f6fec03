using System.Security.Claims;
using System.Text.Json.Nodes;
using Aaba.Abstractions;
using Aaba.Abstractions.Agents.Lead;
using Aaba.Abstractions.Http;
using Aaba.Abstractions.Security;
using Aaba.Abstractions.Tasks;
using Aaba.Api.Http;
using Aaba.Api.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Aaba.Api.Agents;

/// <summary>
/// The agent and task routes, seed-compatible paths kept:
/// <code>
/// GET  /agents                                 registered agents with their input schemas
/// POST /agents/run-lead                        run the lead agent         → 202 + Location
/// POST /agents/{name}/run                      run any registered agent   → 202 + Location
///      ?timeout_s=N                            this run's time limit; header Idempotency-Key makes retries safe
///      ?callback_url=U                         POST the task's end to U, signed per Standard Webhooks, retried up to a day
/// GET  /agents/status/{task_id}                the task, its result or its error (a pipeline's with its steps)
///      ?wait_s=N                               long-poll: answer once the task has finished, or after N seconds
/// GET  /agents/status/{task_id}/transcript     model messages, tool calls and results, token usage
/// GET  /agents/status/{task_id}/events         live status and progress (Server-Sent Events)
/// POST /agents/status/{task_id}/cancel         stop a queued or running task
/// </code>
/// Readers may read; running and cancelling need an operator (both audited). Every task belongs to the caller's
/// tenant: another tenant's task answers 404, exactly like one that does not exist.
/// </summary>
internal static class AgentEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    private const int MaxIdempotencyKeyLength = 200;
    private const int MaxWaitSeconds = 30;
    private static readonly TimeSpan LongPollSlice = TimeSpan.FromSeconds(5);

    public static RouteGroupBuilder MapAgentEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/agents").WithTags("Agents").RequireAuthorization(AabaPolicies.Reader);

        group.MapGet("/", ListAgentsAsync).WithName("ListAgents").WithSummary("List the registered agents");
        group.MapPost("/run-lead", RunLeadAsync)
            .WithName("RunLead").WithSummary("Run the lead agent")
            .Accepts<LeadQuery>("application/json")
            .Produces<RunAccepted>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests).ProducesValidationProblem()
            .RequireAuthorization(AabaPolicies.Operator).Audited(AuditActions.TaskRun);
        group.MapPost("/{name}/run", RunAgentAsync)
            .WithName("RunAgent").WithSummary("Run a registered agent; the body is the agent's input")
            .Accepts<JsonObject>("application/json")
            .Produces<RunAccepted>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesValidationProblem()
            .RequireAuthorization(AabaPolicies.Operator).Audited(AuditActions.TaskRun);
        group.MapGet("/status/{taskId}", GetTaskAsync)
            .WithName("GetTask").WithSummary("Read a task: status, timestamps, attempts, result or error")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/status/{taskId}/transcript", GetTranscriptAsync)
            .WithName("GetTaskTranscript").WithSummary("Read what the agent did: messages, tool calls, tool results, token usage")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/status/{taskId}/events", TaskEventStream.StreamAsync)
            .WithName("StreamTaskEvents")
            .WithSummary("Watch a task live: status changes and progress as Server-Sent Events; resume with Last-Event-ID")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireRateLimiting(RateLimits.EventStreams);
        group.MapPost("/status/{taskId}/cancel", CancelTaskAsync)
            .WithName("CancelTask").WithSummary("Cancel a queued or running task")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(AabaPolicies.Operator).Audited(AuditActions.TaskCancel);
        group.MapAgentRegistryEndpoints();
        return group;
    }

    private static async Task<Ok<AgentResponse[]>> ListAgentsAsync(IGrainFactory grains)
    {
        var catalog = await grains.GetOrchestrator().GetCatalogAsync();
        return TypedResults.Ok(catalog.Agents.Select(AgentResponse.From).ToArray());
    }

    private static Task<IResult> RunLeadAsync(
        HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, TimeProvider time,
        [FromQuery(Name = "timeout_s")] int? timeoutSeconds, [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
        [FromQuery(Name = "callback_url")] string? callbackUrl, CancellationToken cancellationToken) =>
        SubmitAsync(AabaKeys.LeadAgent, request, user.TenantOf(), grains, time, timeoutSeconds, idempotencyKey, callbackUrl, cancellationToken);

    private static Task<IResult> RunAgentAsync(
        string name, HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, TimeProvider time,
        [FromQuery(Name = "timeout_s")] int? timeoutSeconds, [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
        [FromQuery(Name = "callback_url")] string? callbackUrl, CancellationToken cancellationToken) =>
        SubmitAsync(name, request, user.TenantOf(), grains, time, timeoutSeconds, idempotencyKey, callbackUrl, cancellationToken);

    private static async Task<IResult> SubmitAsync(
        string agent, HttpRequest request, TenantId tenant, IGrainFactory grains, TimeProvider time, int? timeoutSeconds, string? idempotencyKey,
        string? callbackUrl, CancellationToken cancellationToken)
    {
        if (idempotencyKey is not null && (idempotencyKey.Length is 0 or > MaxIdempotencyKeyLength || idempotencyKey.Any(c => c is < '!' or > '~')))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [IdempotencyKeyHeader] = [$"Must be 1 to {MaxIdempotencyKeyLength} visible ASCII characters."] },
                detail: "The Idempotency-Key header is not valid.");
        }
        var (json, problem) = await JsonObjectBody.ReadAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        // Out-of-range values are the task grain's to reject, with the agent's other field errors.
        var submission = new TaskSubmission(agent, json!, timeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null, tenant,
            CallbackUrl: string.IsNullOrEmpty(callbackUrl) ? null : callbackUrl);
        var accepted = await grains.SubmitTaskAsync(submission, idempotencyKey, time);
        if (accepted.Replayed)
        {
            request.HttpContext.Response.Headers["Idempotent-Replayed"] = "true";
        }
        // The request's span joins the task's trace by id, like every span the task makes later.
        System.Diagnostics.Activity.Current?.SetTag(AabaTags.TaskId, accepted.TaskId.ToString()).SetTag(AabaTags.Agent, accepted.Agent);
        return TypedResults.Accepted(accepted.StatusUrl, accepted);
    }

    private static async Task<Results<Ok<TaskResponse>, ProblemHttpResult, ValidationProblem>> GetTaskAsync(
        string taskId, ClaimsPrincipal user, IGrainFactory grains, IHostApplicationLifetime lifetime, [FromQuery(Name = "wait_s")] int? waitSeconds,
        CancellationToken cancellationToken)
    {
        if (waitSeconds is < 0 or > MaxWaitSeconds)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["wait_s"] = [$"Must be between 0 and {MaxWaitSeconds}."] },
                detail: "The long-poll wait is out of range.");
        }
        if (!TaskId.TryParse(taskId, out var id))
        {
            return NotATaskId(taskId);
        }
        var grain = grains.GetTaskGrain(id);
        var tenant = user.TenantOf();
        if (waitSeconds is not > 0)
        {
            var now = await grain.GetAsync(tenant);
            return now is null ? NoSuchTask(taskId) : TypedResults.Ok(await ResponseAsync(now, grains));
        }
        // Long-poll in slices shorter than a grain call's timeout; each slice answers with the task itself. A stopping
        // server answers at once with what it has, so the shutdown is not held up.
        TaskSnapshot? task = null;
        var deadline = DateTimeOffset.UtcNow.AddSeconds(waitSeconds.Value);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        try
        {
            do
            {
                var slice = TimeSpan.FromTicks(Math.Min((deadline - DateTimeOffset.UtcNow).Ticks, LongPollSlice.Ticks));
                task = await grain.WaitAsync(tenant, slice > TimeSpan.Zero ? slice : TimeSpan.Zero).WaitAsync(stop.Token);
            }
            while (task is { Status: var status } && !status.IsTerminal() && DateTimeOffset.UtcNow < deadline);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            task ??= await grain.GetAsync(tenant);
        }
        return task is null ? NoSuchTask(taskId) : TypedResults.Ok(await ResponseAsync(task, grains));
    }

    /// <summary>The task as JSON; a pipeline's with its steps (one more index read, for pipelines only).</summary>
    private static async Task<TaskResponse> ResponseAsync(TaskSnapshot task, IGrainFactory grains) =>
        task.Kind == Abstractions.Agents.AgentKindNames.Pipeline
            ? TaskResponse.From(task) with { Steps = [.. (await grains.GetTaskQueries().GetStepsAsync(task.Id)).Select(TaskListItem.From)] }
            : TaskResponse.From(task);

    private static async Task<Results<Ok<TranscriptResponse>, ProblemHttpResult>> GetTranscriptAsync(string taskId, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!TaskId.TryParse(taskId, out var id))
        {
            return NotATaskId(taskId);
        }
        var transcript = await grains.GetTaskGrain(id).GetTranscriptAsync(user.TenantOf());
        return transcript is null
            ? NoSuchTask(taskId)
            : TypedResults.Ok(new TranscriptResponse(id, new RawJson(transcript)));
    }

    private static async Task<Results<Ok<TaskResponse>, ProblemHttpResult>> CancelTaskAsync(string taskId, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!TaskId.TryParse(taskId, out var id))
        {
            return NotATaskId(taskId);
        }
        var task = await grains.GetTaskGrain(id).CancelAsync(user.TenantOf());
        return task is null ? NoSuchTask(taskId) : TypedResults.Ok(TaskResponse.From(task));
    }

    /// <summary>404 for a path segment that cannot be a task id (a malformed id is as unknown as a missing one).</summary>
    internal static ProblemHttpResult NotATaskId(string taskId) => TaskNotFound(taskId, "it is not a task id");

    /// <summary>404 for a well-formed id with no task behind it.</summary>
    internal static ProblemHttpResult NoSuchTask(string taskId) => TaskNotFound(taskId, "no such task exists (or it expired)");

    private static ProblemHttpResult TaskNotFound(string taskId, string why) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Task not found", detail: $"No task '{Shown(taskId)}': {why}.");

    /// <summary>A path segment as an error may echo it: short, and without control characters.</summary>
    internal static string Shown(string text)
    {
        var visible = new string([.. text.Take(80).Select(c => char.IsControl(c) ? '?' : c)]);
        return text.Length > 80 ? visible + "…" : visible;
    }

}
