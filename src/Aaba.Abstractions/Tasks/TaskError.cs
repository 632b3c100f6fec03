namespace Aaba.Abstractions.Tasks;

/// <summary>Why a task failed: a stable machine code (see <see cref="TaskErrorCodes"/>) and a human message.</summary>
[GenerateSerializer, Immutable, Alias("aaba.task-error")]
public sealed record TaskError([property: Id(0)] string Code, [property: Id(1)] string Message);
