using Aaba.Abstractions.Tasks;

namespace Aaba.Client;

/// <summary>A task a typed helper waited for ended without a result: failed (see <see cref="TaskError"/>) or cancelled.</summary>
public sealed class AabaTaskFailedException(TaskSnapshot task)
    : Exception(task.Error is { } error
        ? $"Task {task.Id} {task.Status.ToWireName()}: {error.Code}: {error.Message}"
        : $"Task {task.Id} {task.Status.ToWireName()}.")
{
    /// <summary>The task as it ended.</summary>
    public TaskSnapshot Task { get; } = task;

    /// <summary>Why it failed (a stable code from <see cref="TaskErrorCodes"/> and a message); null when cancelled.</summary>
    public TaskError? TaskError => Task.Error;
}
