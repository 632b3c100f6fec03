using System.Collections.Immutable;

namespace Aaba.Abstractions.Tasks;

/// <summary>
/// Finished tasks per minute and agent over a recent window, read from the task index (no task activates). A task
/// counts in the minute it was <em>created</em> (the index is ordered by creation time), once it has finished: for
/// tasks that run for seconds that is the minute it finished, within a minute.
/// </summary>
/// <param name="From">The start of the first minute (a whole UTC minute).</param>
/// <param name="Minutes">How many one-minute buckets each series holds; the last is the current, partial minute.</param>
/// <param name="ByAgent">Per agent (only agents with a task in the window), its series.</param>
[GenerateSerializer, Immutable, Alias("aaba.task-activity")]
public sealed record TaskActivity(
    [property: Id(0)] DateTimeOffset From,
    [property: Id(1)] int Minutes,
    [property: Id(2)] ImmutableSortedDictionary<string, AgentActivity> ByAgent)
{
    /// <summary>The longest window one read may cover (three hours of minutes).</summary>
    public const int MaxMinutes = 180;
}
