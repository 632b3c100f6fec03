namespace Aaba.Abstractions.Schedules;

/// <summary>
/// What <c>PUT /schedules/{name}</c> asks for: run <paramref name="Agent"/> with <paramref name="InputJson"/> at every
/// slot of <paramref name="Cron"/> in <paramref name="TimeZone"/>.
/// </summary>
/// <param name="Cron">A cron expression: 5 fields (minute hour day month weekday) or 6 (seconds first), or a macro such as <c>@daily</c>.</param>
/// <param name="TimeZone">An IANA time zone id (<c>Europe/Paris</c>); the slots follow its clock, daylight saving included.</param>
/// <param name="Agent">The registered agent each firing runs.</param>
/// <param name="InputJson">The agent's input (a JSON object, as text), the same for every firing.</param>
/// <param name="Timeout">Each run's time limit, instead of the agent's default.</param>
/// <param name="Paused">True to create or leave it paused, false to run it; null keeps its state (a new schedule runs).</param>
/// <param name="SetBy">Who set it (a key id), for the schedule's own record and its firings' audit entries.</param>
[GenerateSerializer, Immutable, Alias("aaba.schedule-definition")]
public sealed record ScheduleDefinition(
    [property: Id(0)] string Cron,
    [property: Id(1)] string TimeZone,
    [property: Id(2)] string Agent,
    [property: Id(3)] string InputJson,
    [property: Id(4)] TimeSpan? Timeout = null,
    [property: Id(5)] bool? Paused = null,
    [property: Id(6)] string? SetBy = null);
