using Aaba.Abstractions.Tasks;

namespace Aaba.Grains.Agents;

/// <summary>
/// What every agent grain does with its runs: they go to this silo's <see cref="AgentRunner"/>, which runs them off the
/// grain and reports back. A kind supplies only <see cref="RunAsync"/>: its input in, its result (JSON) out.
/// </summary>
public abstract class AgentGrain(AgentRunner runner) : Grain, IAgentGrain
{
    public Task StartAsync(AgentInvocation invocation)
    {
        runner.Start(invocation, RunAsync);
        return Task.CompletedTask;
    }

    public Task CancelAsync(TaskId taskId, int attempt)
    {
        runner.Cancel(taskId, attempt);
        return Task.CompletedTask;
    }

    public Task<bool> IsRunningAsync(TaskId taskId, int attempt) => Task.FromResult(runner.IsRunning(taskId, attempt));

    /// <summary>One run of this agent; throw <see cref="AgentException"/> to fail with a code of its own.</summary>
    protected abstract Task<string> RunAsync(AgentRunContext context);
}
