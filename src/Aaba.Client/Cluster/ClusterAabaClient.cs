using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aaba.Abstractions;
using Aaba.Abstractions.Agents;
using Aaba.Abstractions.Http;
using Aaba.Abstractions.Security;
using Aaba.Abstractions.Tasks;

namespace Aaba.Client.Cluster;

/// <summary>
/// <see cref="IAabaClient"/> over grain calls, in this process: the client contract of <c>Aaba.Abstractions</c>
/// (<see cref="ITaskGrain"/>, <see cref="ITaskQueryGrain"/>, the registry) and the same submission flow and error
/// mapping the HTTP API uses, so both transports behave alike.
/// </summary>
/// <remarks>
/// Acts for one tenant with one role (<see cref="AabaClientOptions.Tenant"/>, <see cref="AabaClientOptions.Role"/>),
/// checked here as the API checks a key's: the grains trust their callers.
/// </remarks>
internal sealed class ClusterAabaClient(IGrainFactory grains, TimeProvider time, TenantId tenant, ApiRole role) : IAabaClient
{
    /// <summary>A long-poll slice: well within one grain call's timeout (<see cref="AabaTimeouts.GrainCall"/>).</summary>
    private static readonly TimeSpan Slice = TimeSpan.FromSeconds(5);

    public Task<RunAccepted> RunAsync(string agent, JsonObject input, RunOptions? options = null, CancellationToken cancellationToken = default)
    {
        Require(ApiRole.Operator, "run agents");
        options ??= new RunOptions();
        var submission = new TaskSubmission(
            agent,
            TaskSubmission.NormalizeInput(JsonSerializer.SerializeToElement(input)),
            options.TimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            tenant);
        return CallAsync(() => grains.SubmitTaskAsync(submission, options.IdempotencyKey, time), cancellationToken, agent: agent);
    }

    public Task<TaskSnapshot?> GetAsync(TaskId id, CancellationToken cancellationToken = default) =>
        CallAsync(() => grains.GetTaskGrain(id).GetAsync(tenant), cancellationToken, id);

    public async Task<TaskSnapshot> WaitAsync(TaskId id, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var grain = grains.GetTaskGrain(id);
        var deadline = time.GetUtcNow() + timeout;
        while (true)
        {
            var left = deadline - time.GetUtcNow();
            var slice = left < Slice ? (left > TimeSpan.Zero ? left : TimeSpan.Zero) : Slice;
            var task = await CallAsync(() => grain.WaitAsync(tenant, slice), cancellationToken, id) ?? throw ProblemExceptions.TaskNotFound(id);
            if (task.Status.IsTerminal() || time.GetUtcNow() >= deadline)
            {
                return task;
            }
        }
    }

    public async IAsyncEnumerable<TaskEvent> WatchAsync(TaskId id, long afterEventId = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var grain = grains.GetTaskGrain(id);
        var after = afterEventId;
        var first = true;
        var reconnect = new WatchReconnect(time);
        TimeSpan? delay = null;
        while (true)
        {
            TaskEventBatch? batch;
            try
            {
                // The first read answers at once, so an unknown task is reported without a wait.
                batch = await CallAsync(() => grain.WaitForEventsAsync(tenant, after, first ? TimeSpan.Zero : Slice), cancellationToken, id);
            }
            catch (AabaUnavailableException) when ((delay = reconnect.NextDelay()) is not null)
            {
                // The cluster did not answer: ask again after the last event received, so nothing is missed or repeated.
                await Task.Delay(delay.Value, time, cancellationToken);
                continue;
            }
            reconnect.Succeeded();
            if (batch is null)
            {
                // Unknown at the first read; gone (expired) later.
                if (first)
                {
                    throw ProblemExceptions.TaskNotFound(id);
                }
                yield break;
            }
            first = false;
            foreach (var @event in batch.Events)
            {
                if (@event.Id > after)
                {
                    after = @event.Id;
                    yield return @event;
                }
            }
            if (batch.Finished)
            {
                yield break;
            }
        }
    }

    public async Task<TaskSnapshot> CancelAsync(TaskId id, CancellationToken cancellationToken = default)
    {
        Require(ApiRole.Operator, "cancel tasks");
        return await CallAsync(() => grains.GetTaskGrain(id).CancelAsync(tenant), cancellationToken, id) ?? throw ProblemExceptions.TaskNotFound(id);
    }

    public async Task<RawJson> GetTranscriptAsync(TaskId id, CancellationToken cancellationToken = default) =>
        await CallAsync(() => grains.GetTaskGrain(id).GetTranscriptAsync(tenant), cancellationToken, id) is { } transcript
            ? new RawJson(transcript)
            : throw ProblemExceptions.TaskNotFound(id);

    public async IAsyncEnumerable<TaskPage> ListAsync(TaskQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ValidatePageSize(query);
        // This client's tenant, whatever the query says: a listing never shows another tenant's tasks.
        query = query with { Tenant = tenant };
        while (true)
        {
            var page = await CallAsync(() => grains.GetTaskQueries().ListAsync(query), cancellationToken);
            yield return page;
            if (page.NextCursor is not { } next)
            {
                yield break;
            }
            query = query with { Cursor = next };
        }
    }

    public Task<TaskCounts> CountAsync(CancellationToken cancellationToken = default) =>
        CallAsync(() => grains.GetTaskQueries().CountAsync(tenant), cancellationToken);

    public async Task<IReadOnlyList<AgentResponse>> GetAgentsAsync(CancellationToken cancellationToken = default)
    {
        var catalog = await CallAsync(() => grains.GetOrchestrator().GetCatalogAsync(), cancellationToken);
        return [.. catalog.Agents.Select(AgentResponse.From)];
    }

    public async Task<AgentRegistered> RegisterAgentAsync(string name, AgentRequest request, CancellationToken cancellationToken = default)
    {
        Require(ApiRole.Admin, "register agents");
        // The registration is built and checked as the API builds it from the same request body, then by the registry.
        var (agent, created) = await CallAsync(() => grains.RegisterAgentAsync(request.ToRegistration(name)), cancellationToken, agent: name);
        return new AgentRegistered(AgentResponse.From(agent), created);
    }

    public async Task<AgentResponse?> GetAgentAsync(string name, CancellationToken cancellationToken = default) =>
        (await CallAsync(() => grains.GetOrchestrator().GetCatalogAsync(), cancellationToken)).Find(name) is { } agent ? AgentResponse.From(agent) : null;

    public async Task RetireAgentAsync(string name, CancellationToken cancellationToken = default)
    {
        Require(ApiRole.Admin, "retire agents");
        if (!await CallAsync(() => grains.GetOrchestrator().RetireAsync(name), cancellationToken, agent: name))
        {
            throw ProblemExceptions.Create(AabaProblems.From(new UnknownAgentException(name))!, agent: name);
        }
    }

    public async Task<IReadOnlyList<AgentKindResponse>> GetAgentKindsAsync(CancellationToken cancellationToken = default) =>
        [.. (await CallAsync(() => grains.GetOrchestrator().GetKindsAsync(), cancellationToken)).Select(AgentKindResponse.From)];

    /// <summary>
    /// Refuses what this client's role may not do, with the 403 the API answers a key of that role
    /// (<see cref="AabaAccessDeniedException"/>), before anything reaches the cluster.
    /// </summary>
    private void Require(ApiRole least, string what)
    {
        if (role < least)
        {
            throw new AabaAccessDeniedException(new AabaProblem(403, "Forbidden",
                $"This client's role ({role.ToWireName()}) may not {what}; readers read, operators also run and cancel, admins also register agents. " +
                $"Set AabaClientOptions.Role to {least.ToWireName()} to allow it."));
        }
    }

    /// <summary>The page size rule the API applies to <c>limit</c>, with the same problem.</summary>
    private static void ValidatePageSize(TaskQuery query)
    {
        if (query.Limit is < 1 or > TaskQuery.MaxLimit)
        {
            throw new AabaValidationException(new AabaProblem(400, "One or more validation errors occurred.", "The listing query is not valid; see 'errors'.")
            {
                Errors = new Dictionary<string, string[]> { ["limit"] = [$"Must be between 1 and {TaskQuery.MaxLimit}."] },
            });
        }
    }

    /// <summary>
    /// One grain call. Aaba's domain exceptions, and a cluster that does not answer, become the typed exceptions the
    /// HTTP transport raises for the same problem (<see cref="AabaProblems.From"/>, the API's own mapping). The token
    /// stops waiting; a call already sent still completes in the cluster.
    /// </summary>
    private static async Task<T> CallAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken, TaskId? task = null, string? agent = null)
    {
        try
        {
            return await call().WaitAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException && AabaProblems.From(exception) is { } problem)
        {
            throw ProblemExceptions.Create(problem, agent, task, exception);
        }
    }
}
