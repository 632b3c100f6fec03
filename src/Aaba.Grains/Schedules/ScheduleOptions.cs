using System.ComponentModel.DataAnnotations;

namespace Aaba.Grains.Schedules;

/// <summary>How schedules are kept firing.</summary>
public sealed class ScheduleOptions
{
    public const string Section = "Aaba:Schedules";

    /// <summary>
    /// The period of each schedule's Orleans reminder, the durable backstop that wakes a schedule whose activation
    /// was lost (its silo died, the cluster restarted): after such a loss its next slot fires at most this much
    /// (plus failure detection) late. Orleans' own minimum for reminders is lowered to it when shorter than a minute.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan BackstopPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How soon a firing that found the cluster or the store unavailable is tried again (if its slot is still the latest).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);
}
