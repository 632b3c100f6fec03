using Aaba.Abstractions.Tasks;

namespace Aaba.Abstractions.Http;

/// <summary>
/// <c>GET /tasks/activity</c>: finished tasks per minute and agent over the last minutes, oldest minute first; a task
/// counts in the minute it was created, once finished (see <see cref="TaskActivity"/>).
/// </summary>
/// <param name="From">The start of the first minute.</param>
/// <param name="Minutes">How many buckets each series holds; the last is the current, partial minute.</param>
/// <param name="BucketS">Seconds per bucket (60).</param>
/// <param name="Agents">Per agent with a task in the window: <c>succeeded</c>, <c>failed</c> and <c>cancelled</c> per minute.</param>
public sealed record TaskActivityResponse(DateTimeOffset From, int Minutes, int BucketS, IReadOnlyDictionary<string, AgentActivity> Agents)
{
    /// <summary>The JSON form of <paramref name="activity"/>.</summary>
    public static TaskActivityResponse Of(TaskActivity activity) => new(activity.From, activity.Minutes, 60, activity.ByAgent);
}
