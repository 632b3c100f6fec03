namespace Aaba.Grains.Agents.Lead;

/// <summary>The job boards leads come from.</summary>
public static class LeadSources
{
    public const string Upwork = "upwork";
    public const string Freelancer = "freelancer";
    public const string LinkedIn = "linkedin";

    public static IReadOnlyList<string> All { get; } = [Upwork, Freelancer, LinkedIn];
}
