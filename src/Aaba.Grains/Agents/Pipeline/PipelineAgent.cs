using System.Text.Json;
using System.Text.Json.Nodes;
using Aaba.Abstractions;
using Aaba.Abstractions.Agents;
using Aaba.Abstractions.Tasks;

namespace Aaba.Grains.Agents.Pipeline;

/// <summary>
/// One run of a pipeline. Each step is started as a child task through <see cref="ITaskGrain.StartAsync"/> with an id
/// derived from the pipeline's id, the step and the item (<see cref="TaskId.Deterministic"/>): starting it again
/// returns the same task, so a run that resumes after its silo died (the pipeline task's next attempt) finds every
/// child it had started, takes the results of finished ones as they are and waits for the others; nothing finished
/// runs twice. The run follows each child's events and reports them as its own progress, so the pipeline's event
/// stream shows its steps live. A cancelled pipeline cancels its running steps.
/// </summary>
public sealed class PipelineAgent(IGrainFactory grains, PipelineStepStore steps)
{
    public const string StepFailed = "step_failed";
    private static readonly TimeSpan WatchSlice = TimeSpan.FromSeconds(5);

    public async Task<string> RunAsync(AgentRunContext context)
    {
        var invocation = context.Invocation;
        var definition = PipelineDefinition.Parse(invocation.Descriptor?.ConfigJson
            ?? throw new AgentException(TaskErrorCodes.AgentError, "The run carries no pipeline definition."));
        var scope = new JsonObject { ["input"] = JsonNode.Parse(invocation.InputJson), ["steps"] = new JsonObject() };
        var summary = new JsonArray();
        var started = new List<TaskId>();
        try
        {
            for (var index = 0; index < definition.Steps.Length; index++)
            {
                var step = definition.Steps[index];
                var (result, children) = step.ForEach is { } forEach
                    ? await FanOutAsync(context, index, step, forEach, scope, started)
                    : await SingleAsync(context, index, step, scope, started);
                scope["steps"]![step.Name] = result;
                scope["previous"] = result?.DeepClone();
                summary.Add(new JsonObject
                {
                    ["name"] = step.Name,
                    ["agent"] = step.Agent,
                    ["tasks"] = children,
                    ["succeeded"] = children.Count(c => c!["status"]!.GetValue<string>() == "succeeded"),
                    ["skipped"] = children.Count(c => c!["status"]!.GetValue<string>() != "succeeded"),
                });
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            await CancelStepsIfCancelledAsync(invocation, started);
            throw;
        }
        var last = definition.Steps[^1].Name;
        return new JsonObject { ["steps"] = summary, ["result"] = scope["steps"]![last]?.DeepClone() }.ToJsonString(AabaJson.Options);
    }

    private async Task<(JsonNode? Result, JsonArray Children)> SingleAsync(
        AgentRunContext context, int index, PipelineStep step, JsonObject scope, List<TaskId> started)
    {
        var id = TaskId.Deterministic(context.Invocation.TaskId.CreatedAt, $"{context.Invocation.TaskId}/step/{index}");
        var child = await RunChildAsync(context, index, step, null, id, PipelineTemplate.Render(step.Input, scope), started);
        if (child.Status != AgentTaskStatus.Succeeded && !step.SkipOnFailure)
        {
            throw Failed(step, child);
        }
        return (child.Status == AgentTaskStatus.Succeeded ? Parse(child.ResultJson) : null, [Describe(child)]);
    }

    private async Task<(JsonNode? Result, JsonArray Children)> FanOutAsync(
        AgentRunContext context, int index, PipelineStep step, string forEach, JsonObject scope, List<TaskId> started)
    {
        var items = PipelineTemplate.Resolve(forEach, scope) as JsonArray ?? [];
        context.ReportProgress($"Step {step.Name}: {items.Count} item(s), {Math.Min(step.MaxParallel, Math.Max(items.Count, 1))} at a time",
            new { step = step.Name, items = items.Count });
        var children = new TaskSnapshot[items.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, items.Count),
            new ParallelOptions { MaxDegreeOfParallelism = step.MaxParallel, CancellationToken = context.CancellationToken },
            async (item, _) =>
            {
                var itemScope = (JsonObject)scope.DeepClone();
                itemScope["item"] = items[item]?.DeepClone();
                var id = TaskId.Deterministic(context.Invocation.TaskId.CreatedAt, $"{context.Invocation.TaskId}/step/{index}/item/{item}");
                children[item] = await RunChildAsync(context, index, step, item, id, PipelineTemplate.Render(step.Input, itemScope), started);
            });
        if (!step.SkipOnFailure && children.FirstOrDefault(c => c.Status != AgentTaskStatus.Succeeded) is { } failed)
        {
            throw Failed(step, failed);
        }
        var joined = new JsonArray([.. children.Where(c => c.Status == AgentTaskStatus.Succeeded).Select(c => Parse(c.ResultJson))]);
        return (joined, new JsonArray([.. children.Select(Describe)]));
    }

    /// <summary>Starts (or finds again) one child and follows it to its end, reporting its events as the pipeline's progress.</summary>
    private async Task<TaskSnapshot> RunChildAsync(
        AgentRunContext context, int index, PipelineStep step, int? item, TaskId id, JsonNode? input, List<TaskId> started)
    {
        var invocation = context.Invocation;
        var label = item is { } n ? $"{step.Name}[{n}]" : step.Name;
        var submission = new TaskSubmission(step.Agent, (input ?? new JsonObject()).ToJsonString(), step.Timeout, invocation.Tenant, ParentId: invocation.TaskId);
        var task = grains.GetTaskGrain(id);
        TaskSnapshot snapshot;
        try
        {
            snapshot = await task.StartAsync(submission);
        }
        catch (Exception exception) when (exception is InvalidTaskInputException or UnknownAgentException)
        {
            var why = exception is InvalidTaskInputException invalid
                ? string.Join("; ", invalid.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))
                : exception.Message;
            throw new AgentException(StepFailed, $"Step {label} could not start agent '{step.Agent}': {why}");
        }
        lock (started)
        {
            started.Add(id);
        }
        await steps.AddAsync(invocation.TaskId, id, index * 100_000 + (item ?? 0));
        if (snapshot.Status.IsTerminal())
        {
            context.ReportProgress($"Step {label}: task {id} had already {snapshot.Status.ToWireName()}",
                new { step = step.Name, item, task_id = id.ToString(), status = snapshot.Status.ToWireName(), resumed = true });
            return snapshot;
        }
        context.ReportProgress($"Step {label}: started task {id} ({step.Agent})", new { step = step.Name, item, task_id = id.ToString(), agent = step.Agent });
        long after = 0;
        while (true)
        {
            var batch = await task.WaitForEventsAsync(invocation.Tenant, after, WatchSlice).WaitAsync(context.CancellationToken)
                ?? throw new AgentException(StepFailed, $"Step {label}: task {id} disappeared.");
            foreach (var @event in batch.Events)
            {
                after = @event.Id;
                var data = Parse(@event.DataJson);
                var what = @event.Type == TaskEventTypes.Status ? data?["status"]?.ToString() : data?["message"]?.ToString();
                context.ReportProgress($"Step {label}: {what}",
                    new { step = step.Name, item, task_id = id.ToString(), @event = @event.Type, data });
            }
            if (batch.Finished)
            {
                break;
            }
        }
        return await task.GetAsync(invocation.Tenant) ?? throw new AgentException(StepFailed, $"Step {label}: task {id} disappeared.");
    }

    /// <summary>After a stop: if the pipeline itself was cancelled (not handed back, not timed out), its running steps are cancelled too.</summary>
    private async Task CancelStepsIfCancelledAsync(AgentInvocation invocation, List<TaskId> started)
    {
        try
        {
            if (await grains.GetTaskGrain(invocation.TaskId).GetAsync(invocation.Tenant) is not { Status: AgentTaskStatus.Cancelled })
            {
                return;
            }
            List<TaskId> children;
            lock (started)
            {
                children = [.. started];
            }
            await Task.WhenAll(children.Select(async child =>
            {
                try
                {
                    await grains.GetTaskGrain(child).CancelAsync(invocation.Tenant);
                }
                catch (TaskConflictException)
                {
                    // It had finished.
                }
            }));
        }
        catch (Exception exception) when (exception is TimeoutException or OrleansException or StorageUnavailableException)
        {
            // Best effort: a step left running finishes on its own.
        }
    }

    private static AgentException Failed(PipelineStep step, TaskSnapshot child) => new(StepFailed,
        $"Step {step.Name} {child.Status.ToWireName()}: task {child.Id}" + (child.Error is { } error ? $" ({error.Code}: {error.Message})" : "") + ".");

    private static JsonObject Describe(TaskSnapshot child) => new()
    {
        ["task_id"] = child.Id.ToString(),
        ["status"] = child.Status.ToWireName(),
        ["attempts"] = child.Attempts,
        ["error"] = child.Error is { } error ? JsonSerializer.SerializeToNode(error, AabaJson.Options) : null,
    };

    private static JsonNode? Parse(string? json) => json is null ? null : JsonNode.Parse(json);
}
