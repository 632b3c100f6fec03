using System.Collections.Immutable;
using Aaba.Abstractions.Tasks;

namespace Aaba.Grains.Tasks;

/// <summary>
/// What one activation has shown its watchers (SSE streams, long-polls) of the task's events, and the signal that
/// wakes them. Status changes are shown once written; progress at once (it is written in batches). Used only from
/// the grain's turns, so it needs no locks.
/// </summary>
public sealed class TaskEventLog
{
    /// <summary>After a failed write or a new activation's read, ids continue past anything a watcher may have seen.</summary>
    private const long IdGapAfterReload = 100;

    private TaskCompletionSource _changed = NewSignal();

    /// <summary>Watchers see events up to this id.</summary>
    public long PublishedId { get; private set; }

    /// <summary>Shows watchers every event of <paramref name="task"/>.</summary>
    public void Publish(TaskState task)
    {
        PublishedId = task.LastEventId;
        Wake();
    }

    /// <summary>
    /// A task read from storage: an unfinished one gets its event ids moved past what this activation showed before
    /// (progress since the last write was lost with a crash or a failed write, and new events must not reuse those ids).
    /// </summary>
    public TaskState Reloaded(TaskState task)
    {
        if (!task.Status.IsTerminal())
        {
            task = task with { LastEventId = Math.Max(task.LastEventId, PublishedId) + IdGapAfterReload };
        }
        PublishedId = task.LastEventId;
        return task;
    }

    /// <summary>Wakes every watcher (after a failed write, so they read again).</summary>
    public void Wake()
    {
        var changed = _changed;
        _changed = NewSignal();
        changed.TrySetResult();
    }

    /// <summary>The task has finished and watchers have been shown that.</summary>
    public bool IsFinishPublished(TaskState task) => task.Status.IsTerminal() && PublishedId >= task.LastEventId;

    /// <summary>Events after <paramref name="afterId"/> that watchers may see.</summary>
    public ImmutableArray<TaskEvent> After(TaskState task, long afterId)
    {
        var published = PublishedId;
        return [.. task.Events.Where(e => e.Id > afterId && e.Id <= published)];
    }

    /// <summary>Waits until something changes, or <paramref name="maxWait"/> passes; never throws for the timeout.</summary>
    public async Task WaitForChangeAsync(TimeSpan maxWait, TimeProvider time)
    {
        try
        {
            await _changed.Task.WaitAsync(maxWait, time);
        }
        catch (TimeoutException)
        {
            // Nothing new: the watcher gets what there is.
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
