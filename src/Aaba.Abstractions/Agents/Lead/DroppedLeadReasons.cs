namespace Aaba.Abstractions.Agents.Lead;

/// <summary>Why a lead the model named was left out of the result. Stable strings: clients may switch on them.</summary>
public static class DroppedLeadReasons
{
    /// <summary>No tool returned this lead during the run: the model made it up or changed its URL.</summary>
    public const string Invented = "invented";

    /// <summary>The model named the same lead again; its first mention is kept.</summary>
    public const string Duplicate = "duplicate";

    /// <summary>The lead came after the query's limit was already filled.</summary>
    public const string OverLimit = "over_limit";

    /// <summary>The lead is on a board the query did not ask for.</summary>
    public const string OtherSource = "other_source";
}
