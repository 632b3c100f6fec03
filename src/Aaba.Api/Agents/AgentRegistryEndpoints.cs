using System.Text.Json;
using System.Text.Json.Nodes;
using Aaba.Abstractions;
using Aaba.Abstractions.Agents;
using Aaba.Abstractions.Http;
using Aaba.Api.Http;
using Aaba.Api.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Aaba.Api.Agents;

/// <summary>
/// Agents defined at run time:
/// <code>
/// GET    /agents/kinds      the kinds agents can be registered of, with the JSON Schema of their config
/// GET    /agents/{name}     one agent with its version, settings and input schema
/// PUT    /agents/{name}     register or change an agent (admin)        → 200 (201 when new)
/// DELETE /agents/{name}     retire it: new runs → 404, running ones finish (admin)
/// </code>
/// The registry validates; this file only turns JSON into an <see cref="AgentRequest"/> (the .NET client's body too)
/// and that into a registration (<see cref="AgentRequest.ToRegistration"/>), every field problem at once.
/// </summary>
internal static class AgentRegistryEndpoints
{
    /// <summary>An agent's name in a route: never one of the group's own paths, so e.g. DELETE /agents/run-lead stays a 405.</summary>
    private const string Name = "/{name:regex(^(?!run-lead$|status$|kinds$)[^/]+$)}";

    public static void MapAgentRegistryEndpoints(this RouteGroupBuilder agents)
    {
        agents.MapGet("/kinds", GetKindsAsync).WithName("ListAgentKinds").WithSummary("The kinds agents can be registered of");
        agents.MapGet(Name, GetAgentAsync).WithName("GetAgent").WithSummary("One registered agent, with its version")
            .ProducesProblem(StatusCodes.Status404NotFound);
        agents.MapPut(Name, PutAgentAsync).WithName("PutAgent").WithSummary("Register or change an agent of a known kind")
            .Accepts<AgentRequest>("application/json").Produces<AgentResponse>().Produces<AgentResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(AabaPolicies.Admin).Audited(AuditActions.AgentRegister);
        agents.MapDelete(Name, DeleteAgentAsync).WithName("DeleteAgent").WithSummary("Retire an agent: new runs are refused, running ones finish")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(AabaPolicies.Admin).Audited(AuditActions.AgentRetire);
    }

    private static async Task<Ok<AgentKindResponse[]>> GetKindsAsync(IGrainFactory grains) =>
        TypedResults.Ok((await grains.GetOrchestrator().GetKindsAsync()).Select(AgentKindResponse.From).ToArray());

    private static async Task<Results<Ok<AgentResponse>, ProblemHttpResult>> GetAgentAsync(string name, IGrainFactory grains)
    {
        var catalog = await grains.GetOrchestrator().GetCatalogAsync();
        return catalog.Find(name) is { } agent ? TypedResults.Ok(AgentResponse.From(agent)) : UnknownAgent(name);
    }

    private static async Task<IResult> PutAgentAsync(string name, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var (json, problem) = await JsonObjectBody.ReadAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        var (registration, errors) = Read(name, JsonNode.Parse(json!)!.AsObject());
        if (registration is null)
        {
            return TypedResults.ValidationProblem(errors, title: AabaProblems.Titles.InvalidAgent,
                detail: "The agent registration is not valid; see 'errors' and the kind's config_schema at GET /agents/kinds.");
        }
        var (registered, created) = await grains.RegisterAgentAsync(registration);
        var agent = AgentResponse.From(registered);
        return created ? TypedResults.Created(AabaRoutes.Agent(name), agent) : TypedResults.Ok(agent);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAgentAsync(string name, IGrainFactory grains) =>
        await grains.GetOrchestrator().RetireAsync(name) ? TypedResults.NoContent() : UnknownAgent(name);

    /// <summary>The registration the body describes, or every problem with it by field.</summary>
    internal static (AgentRegistration? Registration, Dictionary<string, string[]> Errors) Read(string name, JsonObject body)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        string? Text(string field, bool required)
        {
            var node = body[field];
            if (node is null)
            {
                if (required)
                {
                    errors[field] = ["This field is required."];
                }
                return null;
            }
            if (node.GetValueKind() != JsonValueKind.String)
            {
                errors[field] = ["Must be a string."];
                return null;
            }
            return node.GetValue<string>();
        }
        double? Number(JsonObject from, string field, string path)
        {
            var node = from[field];
            if (node is null)
            {
                return null;
            }
            if (node.GetValueKind() != JsonValueKind.Number)
            {
                errors[path] = ["Must be a number."];
                return null;
            }
            return node.GetValue<double>();
        }
        var known = new[] { "kind", "description", "timeout_s", "retry", "max_concurrency", "config" };
        foreach (var (field, _) in body)
        {
            if (!known.Contains(field))
            {
                errors[field] = [$"Unknown field. Allowed fields: {string.Join(", ", known)}."];
            }
        }
        var kind = Text("kind", required: true);
        var description = Text("description", required: false);
        var timeout = Number(body, "timeout_s", "timeout_s");
        var concurrency = Number(body, "max_concurrency", "max_concurrency");
        if (concurrency is { } c && c != Math.Floor(c))
        {
            errors["max_concurrency"] = ["Must be a whole number."];
        }
        RetryResponse? retry = null;
        if (body["retry"] is { } retryNode)
        {
            if (retryNode is not JsonObject retryObject)
            {
                errors["retry"] = ["Must be an object: {\"max_attempts\", \"initial_delay_s\", \"max_delay_s\", \"on\"}."];
            }
            else
            {
                var attempts = Number(retryObject, "max_attempts", "retry.max_attempts") ?? 1;
                var initial = Number(retryObject, "initial_delay_s", "retry.initial_delay_s") ?? 1;
                var max = Number(retryObject, "max_delay_s", "retry.max_delay_s") ?? Math.Max(initial, 60);
                string[] on = [];
                if (retryObject["on"] is JsonArray codes && codes.All(code => code?.GetValueKind() == JsonValueKind.String))
                {
                    on = [.. codes.Select(code => code!.GetValue<string>())];
                }
                else if (retryObject["on"] is not null)
                {
                    errors["retry.on"] = ["Must be an array of error codes."];
                }
                retry = new RetryResponse((int)Math.Clamp(attempts, 0, 100), initial, max, on);
            }
        }
        var request = new AgentRequest(kind!, description, timeout, retry,
            concurrency is { } limit ? (int)Math.Clamp(limit, int.MinValue, int.MaxValue) : null, new RawJson((body["config"] ?? new JsonObject()).ToJsonString()));
        AgentRegistration? registration = null;
        try
        {
            registration = request.ToRegistration(name);
        }
        catch (InvalidAgentException invalid)
        {
            foreach (var (field, problems) in invalid.Errors)
            {
                errors.TryAdd(field, problems);
            }
        }
        return errors.Count > 0 ? (null, errors) : (registration, errors);
    }

    private static ProblemHttpResult UnknownAgent(string name) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound, title: AabaProblems.Titles.UnknownAgent,
        detail: $"No agent named '{AgentEndpoints.Shown(name)}' is registered. GET /agents lists the agents.");
}
