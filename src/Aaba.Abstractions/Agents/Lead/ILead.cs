namespace Aaba.Abstractions.Agents.Lead;

/// <summary>The facts of a lead, as every lead result shows them (offline and model mode alike).</summary>
public interface ILead
{
    /// <summary>The lead's id in its source.</summary>
    string Id { get; }

    /// <summary>The job's title.</summary>
    string Title { get; }

    /// <summary>The board it was posted on.</summary>
    string Source { get; }

    /// <summary>Where it was posted.</summary>
    string Url { get; }

    /// <summary>What it pays.</summary>
    LeadBudget Budget { get; }

    /// <summary>The skills it asks for.</summary>
    IReadOnlyList<string> Skills { get; }

    /// <summary>When it was posted.</summary>
    DateTimeOffset PostedAt { get; }

    /// <summary>The job's description.</summary>
    string Description { get; }

    /// <summary>Where the client is, when known.</summary>
    string? ClientCountry { get; }
}
