using System.Collections.Immutable;

namespace Aaba.Grains.Tasks;

/// <summary>
/// The output of <see cref="TaskMachine.Decide"/>: the task as it must be stored, how to write it, the lease its
/// unfinished-index entry gets (null: leave it as it is), and what to do once written.
/// </summary>
public sealed record TaskDecision(
    TaskState Task,
    TaskWrite Write,
    DateTimeOffset? LeaseUntil,
    ImmutableArray<TaskEffect> Effects,
    TaskTransition Transition)
{
    public static TaskDecision Unchanged(TaskState task, TaskTransition transition = TaskTransition.None) =>
        new(task, TaskWrite.None, null, [], transition);
}
