namespace Aaba.IntegrationTests.Client;

/// <summary>
/// Arms one dropped connection for the next watch: after <c>n</c> events have reached the client, the HTTP stream is
/// cut (<see cref="CuttingHandler"/>) or a grain call's answer is lost (<see cref="ResponseDroppingFilter"/>).
/// </summary>
public sealed class ConnectionCutter
{
    private int _armed = -1;
    private int _cuts;

    /// <summary>How many connections were cut since the fixture started.</summary>
    public int Cuts => Volatile.Read(ref _cuts);

    public void CutOnceAfter(int events) => Volatile.Write(ref _armed, events);

    /// <summary>The armed event count, once: the next watch takes it.</summary>
    public bool TryTake(out int events)
    {
        events = Interlocked.Exchange(ref _armed, -1);
        return events >= 0;
    }

    public void Cut() => Interlocked.Increment(ref _cuts);
}
