using System.Text.Json.Nodes;
using Aaba.Abstractions;
using Aaba.Abstractions.Tasks;
using Aaba.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Aaba.Api.Agents;

/// <summary>
/// The agent routes, seed-compatible paths kept:
/// <code>
/// GET  /agents                    registered agents with their input schemas
/// POST /agents/run-lead           run the lead agent                 → 202 + Location
/// POST /agents/{name}/run         run any registered agent           → 202 + Location
/// GET  /agents/status/{task_id}   the task, its result or its error  → 200 | 404
/// GET  /agents/status/{task_id}/transcript   model messages, tool calls and results, token usage
/// </code>
/// </summary>
internal static class AgentEndpoints
{
    public static RouteGroupBuilder MapAgentEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/agents").WithTags("Agents");

        group.MapGet("/", ListAgentsAsync).WithName("ListAgents").WithSummary("List the registered agents");
        group.MapPost("/run-lead", RunLeadAsync)
            .WithName("RunLead").WithSummary("Run the lead agent")
            .Accepts<LeadRunRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesValidationProblem();
        group.MapPost("/{name}/run", RunAgentAsync)
            .WithName("RunAgent").WithSummary("Run a registered agent; the body is the agent's input")
            .Accepts<JsonObject>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesValidationProblem();
        group.MapGet("/status/{taskId}", GetTaskAsync)
            .WithName("GetTask").WithSummary("Read a task: status, timestamps, attempts, result or error")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/status/{taskId}/transcript", GetTranscriptAsync)
            .WithName("GetTaskTranscript").WithSummary("Read what the agent did: messages, tool calls, tool results, token usage")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Ok<AgentResponse[]>> ListAgentsAsync(IGrainFactory grains)
    {
        var catalog = await grains.GetOrchestrator().GetCatalogAsync();
        return TypedResults.Ok(catalog.Agents.Select(AgentResponse.From).ToArray());
    }

    private static Task<IResult> RunLeadAsync(HttpRequest request, IGrainFactory grains, TimeProvider time, CancellationToken cancellationToken) =>
        SubmitAsync(AabaKeys.LeadAgent, request, grains, time, cancellationToken);

    private static Task<IResult> RunAgentAsync(string name, HttpRequest request, IGrainFactory grains, TimeProvider time, CancellationToken cancellationToken) =>
        SubmitAsync(name, request, grains, time, cancellationToken);

    private static async Task<IResult> SubmitAsync(
        string agent, HttpRequest request, IGrainFactory grains, TimeProvider time, CancellationToken cancellationToken)
    {
        var (json, problem) = await JsonObjectBody.ReadAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        var id = TaskId.New(time);
        var task = await grains.GetTaskGrain(id).StartAsync(new TaskSubmission(agent, json!));
        var statusUrl = $"/agents/status/{task.Id}";
        return TypedResults.Accepted(statusUrl, new RunAccepted(task.Id.ToString(), task.Agent, task.Status.ToWireName(), statusUrl));
    }

    private static async Task<Results<Ok<TaskResponse>, ProblemHttpResult>> GetTaskAsync(string taskId, IGrainFactory grains)
    {
        if (!TaskId.TryParse(taskId, out var id))
        {
            return TaskNotFound(taskId, "it is not a task id");
        }
        var task = await grains.GetTaskGrain(id).GetAsync();
        return task is null ? TaskNotFound(taskId, "no such task exists (or it expired)") : TypedResults.Ok(TaskResponse.From(task));
    }

    private static async Task<Results<Ok<TranscriptResponse>, ProblemHttpResult>> GetTranscriptAsync(string taskId, IGrainFactory grains)
    {
        if (!TaskId.TryParse(taskId, out var id))
        {
            return TaskNotFound(taskId, "it is not a task id");
        }
        var transcript = await grains.GetTaskGrain(id).GetTranscriptAsync();
        return transcript is null
            ? TaskNotFound(taskId, "no such task exists (or it expired)")
            : TypedResults.Ok(new TranscriptResponse(id.ToString(), new RawJson(transcript)));
    }

    private static ProblemHttpResult TaskNotFound(string taskId, string why) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Task not found", detail: $"No task '{taskId}': {why}.");
}
