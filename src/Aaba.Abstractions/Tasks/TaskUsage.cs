namespace Aaba.Abstractions.Tasks;

/// <summary>Language-model tokens a task used, summed over its calls.</summary>
[GenerateSerializer, Immutable, Alias("aaba.task-usage")]
public sealed record TaskUsage([property: Id(0)] long PromptTokens, [property: Id(1)] long CompletionTokens);
