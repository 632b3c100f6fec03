using System.ComponentModel.DataAnnotations;

namespace Aaba.Grains.Agents;

/// <summary>How long a silo trusts its copy of the agent registry.</summary>
public sealed class AgentCatalogOptions
{
    public const string Section = "Aaba:Agents";

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromSeconds(30);
}
