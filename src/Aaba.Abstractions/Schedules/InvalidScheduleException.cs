using System.Collections.Immutable;

namespace Aaba.Abstractions.Schedules;

/// <summary>A schedule was refused; <see cref="Errors"/> maps each field (<c>cron</c>, <c>time_zone</c>, <c>agent</c>, <c>input.x</c>…) to its problems.</summary>
[GenerateSerializer, Alias("aaba.invalid-schedule")]
public sealed class InvalidScheduleException(ImmutableDictionary<string, string[]> errors)
    : Exception("The schedule is not valid.")
{
    /// <summary>Problems by field.</summary>
    [Id(0)]
    public ImmutableDictionary<string, string[]> Errors { get; } = errors;
}
