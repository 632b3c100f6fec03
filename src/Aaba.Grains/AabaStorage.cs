namespace Aaba.Grains;

/// <summary>The grain storage provider names. Tasks expire after their retention period; the registry never does.</summary>
public static class AabaStorage
{
    /// <summary>Task state: written with a time-to-live equal to the retention period.</summary>
    public const string Tasks = "tasks";

    /// <summary>Registry and other long-lived state.</summary>
    public const string Registry = "registry";
}
