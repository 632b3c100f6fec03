namespace Aaba.Abstractions.Tasks;

/// <summary>What a client asked for: which agent, with which input (a JSON object, as text).</summary>
[GenerateSerializer, Immutable, Alias("aaba.task-submission")]
public sealed record TaskSubmission([property: Id(0)] string Agent, [property: Id(1)] string InputJson);
