using Microsoft.Extensions.Configuration;

namespace Aaba.Hosting;

/// <summary>
/// Whether the Orleans dashboard runs (<c>Aaba:Dashboard:Enabled</c>, default on). Its grain profiler only runs while
/// somebody has it open, but its metrics reader walks every activation each second whether or not anyone looks
/// (fixed at 1 s in Orleans.Dashboard 10.4): a fifth of an idle silo's CPU with 20,000 tasks waiting. Every process of
/// a cluster (silos and API clients) needs the same value: the API's dashboard reads the silos' services.
/// </summary>
public static class AabaDashboard
{
    public const string EnabledKey = "Aaba:Dashboard:Enabled";

    /// <summary>How often the dashboard samples the silo's counters for its own charts.</summary>
    internal const int SampleIntervalMs = 5000;

    public static bool IsEnabled(IConfiguration configuration) => configuration.GetValue(EnabledKey, defaultValue: true);
}
