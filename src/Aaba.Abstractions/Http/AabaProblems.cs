using System.Collections.Immutable;
using Aaba.Abstractions.Agents;
using Aaba.Abstractions.Tasks;

namespace Aaba.Abstractions.Http;

/// <summary>
/// The problem each domain exception stands for, in one place: the HTTP API writes it as problem+json, and the
/// in-process .NET client raises the same problem without HTTP.
/// </summary>
public static class AabaProblems
{
    /// <summary>Titles of the problems Aaba writes; stable, so clients may tell problems apart by them.</summary>
    public static class Titles
    {
        /// <summary>No agent has the name asked for (404).</summary>
        public const string UnknownAgent = "Unknown agent";
        /// <summary>The agent rejects the input (400, with errors per field).</summary>
        public const string InvalidInput = "Invalid input";
        /// <summary>The request conflicts with the task's state (409).</summary>
        public const string Conflict = "Conflict";
        /// <summary>An idempotency key was used for a different request (409).</summary>
        public const string IdempotencyKeyReused = "Idempotency key reused";
        /// <summary>A submission may or may not have been accepted (503, with the task id).</summary>
        public const string OutcomeUnknown = "Outcome unknown";
        /// <summary>The store or the cluster did not answer (503).</summary>
        public const string Unavailable = "Service unavailable";
        /// <summary>No such task (404).</summary>
        public const string TaskNotFound = "Task not found";
        /// <summary>An agent registration was refused (400, with errors per field).</summary>
        public const string InvalidAgent = "Invalid agent";
        /// <summary>A built-in agent cannot be changed or retired (409).</summary>
        public const string BuiltInAgent = "Built-in agent";
        /// <summary>A schedule was refused (400, with errors per field).</summary>
        public const string InvalidSchedule = "Invalid schedule";
        /// <summary>No such schedule for the caller's tenant (404).</summary>
        public const string ScheduleNotFound = "Schedule not found";
        /// <summary>The tenant has as many tasks in flight as it may (429, with Retry-After over HTTP).</summary>
        public const string TooManyTasks = "Too many tasks in flight";
    }

    /// <summary>The problem <paramref name="exception"/> stands for, or null when it is not one of Aaba's (a 500).</summary>
    public static AabaProblem? From(Exception exception) => exception switch
    {
        UnknownAgentException unknown => new(404, Titles.UnknownAgent,
            $"No agent named '{unknown.Agent}' is registered. GET /agents lists the agents."),
        InvalidTaskInputException invalid => new(400, Titles.InvalidInput,
            "The input is not valid for this agent; see 'errors' and the agent's input_schema at GET /agents.")
        {
            Errors = invalid.Errors,
        },
        InvalidAgentException invalidAgent => new(400, Titles.InvalidAgent,
            "The agent registration is not valid; see 'errors' and the kind's config_schema at GET /agents/kinds.")
        {
            Errors = invalidAgent.Errors,
        },
        Schedules.InvalidScheduleException invalidSchedule => new(400, Titles.InvalidSchedule,
            "The schedule is not valid; see 'errors' (the agent's input_schema is at GET /agents).")
        {
            Errors = invalidSchedule.Errors,
        },
        BuiltInAgentException builtIn => new(409, Titles.BuiltInAgent, builtIn.Message),
        IdempotencyKeyReusedException reused => new(409, Titles.IdempotencyKeyReused, reused.Message),
        TenantTaskLimitException limit => new(429, Titles.TooManyTasks, limit.Message),
        TaskConflictException conflict => new(409, Titles.Conflict, conflict.Message),
        TaskOutcomeUnknownException unknown => new(503, Titles.OutcomeUnknown, unknown.Message)
        {
            TaskId = unknown.TaskId,
            StatusUrl = AabaRoutes.Task(unknown.TaskId),
        },
        StorageUnavailableException => new(503, Titles.Unavailable,
            "The task store is unavailable right now; nothing was changed. Retry shortly."),
        TimeoutException or OrleansException => new(503, Titles.Unavailable,
            "The cluster did not answer in time; the request may or may not have taken effect. Read the resource to find out, then retry."),
        _ => null,
    };

    /// <summary>No task <paramref name="taskId"/>: <paramref name="why"/> (a malformed id is as unknown as a missing one).</summary>
    public static AabaProblem TaskNotFound(string taskId, string why) => new(404, Titles.TaskNotFound, $"No task '{taskId}': {why}.");

    /// <summary>The field errors of <paramref name="problem"/>, or none.</summary>
    public static ImmutableDictionary<string, string[]> FieldErrors(this AabaProblem problem) =>
        problem.Errors?.ToImmutableDictionary() ?? ImmutableDictionary<string, string[]>.Empty;
}
