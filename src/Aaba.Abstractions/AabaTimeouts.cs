namespace Aaba.Abstractions;

/// <summary>Timeouts shared by silos and clients.</summary>
public static class AabaTimeouts
{
    /// <summary>The longest any single grain call may take; agent runs report back instead of being awaited.</summary>
    public static readonly TimeSpan GrainCall = TimeSpan.FromSeconds(10);
}
