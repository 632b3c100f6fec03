using System.Collections.Concurrent;

namespace Aaba.Grains.Agents;

/// <summary>
/// A registered agent's <c>max_concurrency</c>: the runs of one agent this silo holds at once. Further runs wait in
/// line, first come first served, and their tasks read <c>queued</c> with their place. Limits are per agent name
/// and take the newest version's value when a slot is asked for.
/// </summary>
public sealed class AgentConcurrencyGate
{
    private readonly ConcurrentDictionary<string, Line> _lines = new(StringComparer.Ordinal);

    /// <summary>Takes a slot for <paramref name="context"/>'s agent (at once when it has no limit); dispose it when the run ends.</summary>
    public async Task<IDisposable> EnterAsync(AgentRunContext context)
    {
        if (context.Invocation.Descriptor?.MaxConcurrency is not { } limit)
        {
            return NoSlot.Instance;
        }
        var line = _lines.GetOrAdd(context.Invocation.Agent, _ => new Line());
        var queued = false;
        var slot = await line.EnterAsync(limit, position =>
        {
            queued = true;
            context.ReportQueued(position);
        }, context.CancellationToken);
        if (queued)
        {
            context.ReportStarted();
        }
        return slot;
    }

    private sealed class Line
    {
        private readonly Lock _gate = new();
        private readonly LinkedList<TaskCompletionSource> _waiting = new();
        private int _running;

        public async Task<IDisposable> EnterAsync(int limit, Action<int> onQueued, CancellationToken cancellationToken)
        {
            LinkedListNode<TaskCompletionSource> place;
            lock (_gate)
            {
                if (_running < limit && _waiting.Count == 0)
                {
                    _running++;
                    return new Slot(this, limit);
                }
                place = _waiting.AddLast(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                onQueued(_waiting.Count);
            }
            await using (cancellationToken.Register(() => Leave(place, cancellationToken)))
            {
                await place.Value.Task;
            }
            return new Slot(this, limit);
        }

        private void Leave(LinkedListNode<TaskCompletionSource> place, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                if (place.List is not null)
                {
                    _waiting.Remove(place);
                    place.Value.TrySetCanceled(cancellationToken);
                }
            }
        }

        private void Release(int limit)
        {
            lock (_gate)
            {
                _running--;
                while (_running < limit && _waiting.First is { } next)
                {
                    _waiting.RemoveFirst();
                    _running++;
                    next.Value.TrySetResult();
                }
            }
        }

        private sealed class Slot(Line line, int limit) : IDisposable
        {
            private int _released;

            public void Dispose()
            {
                if (Interlocked.Exchange(ref _released, 1) == 0)
                {
                    line.Release(limit);
                }
            }
        }
    }

    private sealed class NoSlot : IDisposable
    {
        public static readonly NoSlot Instance = new();

        public void Dispose()
        {
        }
    }
}
