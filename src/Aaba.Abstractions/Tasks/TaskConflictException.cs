namespace Aaba.Abstractions.Tasks;

/// <summary>The request conflicts with the task's current state (for example: the id already holds another request).</summary>
[GenerateSerializer, Alias("aaba.task-conflict")]
public sealed class TaskConflictException(string message) : Exception(message);
