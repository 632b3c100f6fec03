using System.Collections.Concurrent;

namespace Aaba.Grains.Agents;

/// <summary>
/// A registered agent's <c>max_concurrency</c>: the runs of one agent this silo holds at once. Further runs wait in
/// line, first come first served, and their tasks read <c>queued</c> with their place. Limits are per agent name
/// and take the newest version's value when a slot is asked for.
/// </summary>
public sealed class AgentConcurrencyGate
{
    private readonly ConcurrentDictionary<string, WaitingLine> _lines = new(StringComparer.Ordinal);

    /// <summary>Takes a slot for <paramref name="context"/>'s agent (at once when it has no limit); dispose it when the run ends.</summary>
    public async Task<IDisposable> EnterAsync(AgentRunContext context)
    {
        if (context.Invocation.Descriptor?.MaxConcurrency is not { } limit)
        {
            return NoSlot.Instance;
        }
        return await _lines.GetOrAdd(context.Invocation.Agent, _ => new WaitingLine()).EnterAsync(limit, context);
    }

    private sealed class NoSlot : IDisposable
    {
        public static readonly NoSlot Instance = new();

        public void Dispose()
        {
        }
    }
}
