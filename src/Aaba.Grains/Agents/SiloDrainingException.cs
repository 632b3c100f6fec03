namespace Aaba.Grains.Agents;

/// <summary>This silo is shutting down cleanly and takes no new runs; the task is handed back to run elsewhere or after the restart.</summary>
[GenerateSerializer, Alias("aaba.silo-draining")]
public sealed class SiloDrainingException(string message) : Exception(message);
