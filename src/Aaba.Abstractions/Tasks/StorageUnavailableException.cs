namespace Aaba.Abstractions.Tasks;

/// <summary>The task store could not be reached; the operation did not take effect and may be retried.</summary>
[GenerateSerializer, Alias("aaba.storage-unavailable")]
public sealed class StorageUnavailableException(string message) : Exception(message);
