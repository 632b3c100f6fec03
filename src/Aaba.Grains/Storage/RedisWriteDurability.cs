namespace Aaba.Grains.Storage;

/// <summary>A Redis server: its reply comes after the append-only file was written, so a write is as durable as Redis is configured to make it.</summary>
public sealed class RedisWriteDurability : IWriteDurability
{
    public ValueTask WaitUntilDurableAsync() => ValueTask.CompletedTask;
}
