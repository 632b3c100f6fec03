using Aaba.Grains.Storage;

namespace Aaba.Hosting;

/// <summary>
/// The embedded Garnet commits its append-only file (written through to the disk) right after it replies; a write
/// that must be durable waits for that commit in this process, without another round trip. Concurrent waiters share
/// one commit, so under load the cost per task stays small. Off (<see cref="EmbeddedRedisOptions.WaitForCommit"/>),
/// nothing waits: faster, but a crash may lose the last accepted tasks.
/// </summary>
internal sealed class GarnetWriteDurability(EmbeddedGarnet garnet, bool wait) : IWriteDurability
{
    public ValueTask WaitUntilDurableAsync() => wait ? garnet.WaitForCommitAsync() : ValueTask.CompletedTask;
}
