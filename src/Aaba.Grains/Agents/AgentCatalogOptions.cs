using System.ComponentModel.DataAnnotations;

namespace Aaba.Grains.Agents;

/// <summary>How a silo keeps its copy of the agent registry current.</summary>
public sealed class AgentCatalogOptions
{
    public const string Section = "Aaba:Agents";

    /// <summary>The longest a silo trusts its copy without having reached the registry.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often each silo asks the registry whether its version moved: a change is seen everywhere within this.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:10")]
    public TimeSpan WatchInterval { get; set; } = TimeSpan.FromMilliseconds(500);
}
