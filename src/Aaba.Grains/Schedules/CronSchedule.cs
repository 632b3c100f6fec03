using Cronos;

namespace Aaba.Grains.Schedules;

/// <summary>
/// A cron expression (Cronos) read in a time zone: the slots it names, as UTC instants. Five fields (minute hour day
/// month weekday) or six (seconds first); macros such as <c>@daily</c>. Daylight saving follows Cronos: a slot in the
/// hour that is skipped fires at the end of the gap, a slot in the hour that repeats fires once (interval fields such
/// as <c>*/15</c> fire in both).
/// </summary>
public sealed class CronSchedule
{
    /// <summary>The longest expression accepted.</summary>
    public const int MaxExpressionLength = 200;

    private readonly CronExpression _expression;

    private CronSchedule(CronExpression expression, TimeZoneInfo zone)
    {
        _expression = expression;
        Zone = zone;
    }

    /// <summary>The time zone whose clock the expression follows.</summary>
    public TimeZoneInfo Zone { get; }

    /// <summary>The expression and zone, or what is wrong with each (by field: <c>cron</c>, <c>time_zone</c>).</summary>
    public static (CronSchedule? Schedule, Dictionary<string, string[]> Errors) TryParse(string? cron, string? timeZone)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        CronExpression? expression = null;
        if (string.IsNullOrWhiteSpace(cron))
        {
            errors["cron"] = ["Required: a cron expression of 5 fields (minute hour day month weekday) or 6 (seconds first)."];
        }
        else if (cron.Length > MaxExpressionLength || cron.Any(char.IsControl))
        {
            errors["cron"] = [$"Must be at most {MaxExpressionLength} characters, without control characters."];
        }
        else
        {
            var fields = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length;
            if (fields is not (5 or 6) && !cron.TrimStart().StartsWith('@'))
            {
                errors["cron"] = [$"Has {fields} field(s): give 5 (minute hour day month weekday) or 6 (second minute hour day month weekday)."];
            }
            else
            {
                try
                {
                    expression = CronExpression.Parse(cron.Trim(), fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
                }
                catch (CronFormatException exception)
                {
                    errors["cron"] = [$"Not a valid cron expression: {exception.Message}"];
                }
            }
        }
        TimeZoneInfo? zone = null;
        if (string.IsNullOrWhiteSpace(timeZone))
        {
            errors["time_zone"] = ["Required: an IANA time zone such as 'UTC' or 'Europe/Paris'."];
        }
        else if (timeZone.Length > 100 || !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out zone))
        {
            errors["time_zone"] = [$"Unknown time zone '{Shown(timeZone)}': give an IANA id such as 'UTC', 'Europe/Paris' or 'America/New_York'."];
        }
        return expression is not null && zone is not null ? (new CronSchedule(expression, zone), errors) : (null, errors);
    }

    /// <summary>The first slot strictly after <paramref name="after"/>, or null when the expression names none.</summary>
    public DateTimeOffset? Next(DateTimeOffset after) =>
        _expression.GetNextOccurrence(after.ToUniversalTime(), Zone, inclusive: false)?.ToUniversalTime();

    /// <summary>The last slot at or before <paramref name="now"/> and strictly after <paramref name="after"/>, or null when there is none.</summary>
    public DateTimeOffset? LatestBetween(DateTimeOffset after, DateTimeOffset now)
    {
        if (now <= after)
        {
            return null;
        }
        var latest = _expression.GetPreviousOccurrence(now.ToUniversalTime(), Zone, inclusive: true)?.ToUniversalTime();
        return latest > after ? latest : null;
    }

    private static string Shown(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
