using Microsoft.Extensions.Options;

namespace Aaba.Grains.Agents.Lead.Llm;

/// <summary>
/// This silo's limit on lead tasks talking to the model at once (<see cref="LlmOptions.MaxConcurrentCalls"/>; a task
/// makes one call at a time). Further tasks wait in line, first come first served, and learn their place.
/// </summary>
public sealed class LlmCallGate(IOptions<LlmOptions> options)
{
    private readonly Lock _gate = new();
    private readonly LinkedList<TaskCompletionSource> _line = new();
    private int _free = options.Value.MaxConcurrentCalls;

    /// <summary>Takes a slot, waiting in line if none is free (<paramref name="onQueued"/> hears the place); dispose to give it back.</summary>
    public async Task<IDisposable> EnterAsync(Action<int> onQueued, CancellationToken cancellationToken)
    {
        LinkedListNode<TaskCompletionSource> place;
        lock (_gate)
        {
            if (_free > 0 && _line.Count == 0)
            {
                _free--;
                return new Slot(this);
            }
            place = _line.AddLast(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            onQueued(_line.Count);
        }
        await using (cancellationToken.Register(() => Leave(place, cancellationToken)))
        {
            await place.Value.Task;
        }
        return new Slot(this);
    }

    private void Leave(LinkedListNode<TaskCompletionSource> place, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (place.List is not null)
            {
                _line.Remove(place);
                place.Value.TrySetCanceled(cancellationToken);
            }
        }
    }

    private void Release()
    {
        lock (_gate)
        {
            if (_line.First is { } next)
            {
                _line.RemoveFirst();
                next.Value.TrySetResult();
            }
            else
            {
                _free++;
            }
        }
    }

    private sealed class Slot(LlmCallGate gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
