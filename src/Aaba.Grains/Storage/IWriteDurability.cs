namespace Aaba.Grains.Storage;

/// <summary>
/// What a write has to wait for before Aaba promises anything on it (a 202 says the task is durable). Redis
/// writes its append-only file before it replies, so there nothing is left to wait for; the embedded Garnet
/// commits its file just after replying, so a new task waits for that commit (many share one).
/// </summary>
public interface IWriteDurability
{
    /// <summary>Completes once every write this process has had answered is on disk.</summary>
    ValueTask WaitUntilDurableAsync();
}
