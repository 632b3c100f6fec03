namespace Aaba.Grains.Tasks;

/// <summary>The numbers <see cref="TaskMachine"/> decides with, taken from <see cref="TaskOptions"/>.</summary>
/// <param name="MaxAttempts">Starts (not counting hand-backs) before a task that never finishes fails with <c>attempts_exhausted</c>.</param>
/// <param name="LeaseDuration">How long a lease lasts unless renewed; an expired lease gets the task checked.</param>
/// <param name="ReportGrace">How long past its time limit an attempt may still report before it counts as lost.</param>
/// <param name="MaxEvents">Events kept per task (the first and the newest).</param>
public sealed record TaskRules(int MaxAttempts, TimeSpan LeaseDuration, TimeSpan ReportGrace, int MaxEvents = 1000)
{
    public static TaskRules From(TaskOptions options) => new(options.MaxAttempts, options.LeaseDuration, options.ReportGrace);
}
