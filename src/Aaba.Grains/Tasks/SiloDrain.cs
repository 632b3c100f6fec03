namespace Aaba.Grains.Tasks;

/// <summary>
/// Whether this silo has begun a clean shutdown: from then on it takes no new runs and recovers nothing, and the
/// tasks it holds are handed back to run elsewhere (or after the restart).
/// </summary>
public sealed class SiloDrain
{
    private readonly CancellationTokenSource _draining = new();

    public bool IsDraining => _draining.IsCancellationRequested;

    /// <summary>Signalled when the drain begins.</summary>
    public CancellationToken Draining => _draining.Token;

    public void Begin() => _draining.Cancel();
}
