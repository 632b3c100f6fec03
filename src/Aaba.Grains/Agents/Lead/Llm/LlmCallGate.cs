using Microsoft.Extensions.Options;

namespace Aaba.Grains.Agents.Lead.Llm;

/// <summary>
/// This silo's limit on tasks talking to the model at once (<see cref="LlmOptions.MaxConcurrentCalls"/>; a task
/// makes one call at a time). Further tasks wait in line, first come first served, and learn their place.
/// </summary>
public sealed class LlmCallGate(IOptions<LlmOptions> options)
{
    private readonly WaitingLine _line = new();

    /// <summary>Takes a slot for <paramref name="context"/>'s run (see <see cref="WaitingLine.EnterAsync"/>); dispose to give it back.</summary>
    public Task<IDisposable> EnterAsync(AgentRunContext context) => _line.EnterAsync(options.Value.MaxConcurrentCalls, context);
}
