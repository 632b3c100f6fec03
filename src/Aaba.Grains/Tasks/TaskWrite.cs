namespace Aaba.Grains.Tasks;

/// <summary>How a decision reaches storage.</summary>
public enum TaskWrite
{
    /// <summary>Nothing changed.</summary>
    None,

    /// <summary>Progress: shown to watchers at once, written with the next write (or the flush shortly after).</summary>
    Later,

    /// <summary>Only the lease is renewed; the record is unchanged.</summary>
    Lease,

    /// <summary>The first write of a new task, with its index entries.</summary>
    Create,

    /// <summary>An unfinished task changes.</summary>
    Update,

    /// <summary>The terminal write: the record starts to expire and leaves the unfinished and active indexes.</summary>
    Finish,

    /// <summary>
    /// A finished task's completion webhook changed: the record keeps its expiry; the lease stays while a delivery is
    /// due (so recovery sends it if this activation is lost), and goes when it is delivered or given up.
    /// </summary>
    AfterFinish,
}
