using System.Text.Json;
using Aaba.Abstractions.Tasks;
using Orleans.Concurrency;

namespace Aaba.Grains.Agents.Add;

/// <summary>Runs the add agent. A stateless worker: every silo adds locally.</summary>
[StatelessWorker]
public sealed class AddAgentGrain(AgentRunner runner) : AgentGrain(runner), IAddAgentGrain
{
    protected override async Task<string> RunAsync(AgentRunContext context)
    {
        AddInput.Read(context.Invocation.InputJson, out var input);
        if (input is null)
        {
            throw new AgentException(TaskErrorCodes.InvalidInput, "The stored input is no longer valid for the add agent.");
        }
        if (input.DelayMs > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(input.DelayMs), context.Time, context.CancellationToken);
        }
        return JsonSerializer.Serialize(new AddResult(input.X + input.Y), AabaJson.Options);
    }

    private sealed record AddResult(double Sum);
}
