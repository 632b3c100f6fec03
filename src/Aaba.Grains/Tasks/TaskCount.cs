namespace Aaba.Grains.Tasks;

/// <summary>How many tasks of one agent are in one state ("active" = queued or running).</summary>
public sealed record TaskCount(string Agent, string Status, long Count);
