using Microsoft.Extensions.Options;

namespace Aaba.Grains.Agents.Lead.Llm;

/// <summary>This silo's limit on model calls in flight (<see cref="LlmOptions.MaxConcurrentCalls"/>).</summary>
public sealed class LlmCallGate(IOptions<LlmOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentCalls, options.Value.MaxConcurrentCalls);

    /// <summary>Calls waiting for a slot right now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    private int _waiting;

    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            await _slots.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
        return new Slot(_slots);
    }

    public void Dispose() => _slots.Dispose();

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
