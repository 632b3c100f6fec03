namespace Aaba.Grains.Agents;

/// <summary>
/// Slots for runs, first come first served: at most a limit of them held at once, the others wait in line and their
/// tasks read <c>queued</c> with their place. The limit comes with each entry, so a changed limit (a registered
/// agent's new version) takes effect for the next entries and releases.
/// </summary>
public sealed class WaitingLine
{
    private readonly Lock _gate = new();
    private readonly LinkedList<TaskCompletionSource> _waiting = new();
    private int _held;

    /// <summary>
    /// Takes a slot for <paramref name="context"/>'s run: a run that has to wait reports its place in line and, once
    /// it has a slot, that it runs again. Dispose the slot when the run no longer needs it.
    /// </summary>
    public async Task<IDisposable> EnterAsync(int limit, AgentRunContext context)
    {
        var queued = false;
        var slot = await TakeAsync(limit, position =>
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

    private async Task<IDisposable> TakeAsync(int limit, Action<int> onQueued, CancellationToken cancellationToken)
    {
        LinkedListNode<TaskCompletionSource> place;
        lock (_gate)
        {
            if (_held < limit && _waiting.Count == 0)
            {
                _held++;
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
            _held--;
            while (_held < limit && _waiting.First is { } next)
            {
                _waiting.RemoveFirst();
                _held++;
                next.Value.TrySetResult();
            }
        }
    }

    private sealed class Slot(WaitingLine line, int limit) : IDisposable
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
