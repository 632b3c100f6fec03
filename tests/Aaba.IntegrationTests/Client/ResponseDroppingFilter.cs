using Aaba.Abstractions.Tasks;

namespace Aaba.IntegrationTests.Client;

/// <summary>
/// Loses the answer of an armed watch's events call as a dropped connection would: the call ran in the cluster, but
/// the answer that would take the client past <c>n</c> events never arrives (a <see cref="TimeoutException"/>, as
/// when a gateway connection is lost), so the client must ask again without losing those events.
/// </summary>
public sealed class ResponseDroppingFilter(ConnectionCutter cutter) : IOutgoingGrainCallFilter
{
    private int _remaining = -1;

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        await context.Invoke();
        if (context.InterfaceMethod?.Name != nameof(ITaskGrain.WaitForEventsAsync) || context.Result is not TaskEventBatch batch)
        {
            return;
        }
        if (_remaining < 0 && cutter.TryTake(out var events))
        {
            _remaining = events;
        }
        if (_remaining < 0)
        {
            return;
        }
        if (batch.Events.Length > _remaining)
        {
            _remaining = -1;
            cutter.Cut();
            throw new TimeoutException("The answer was lost with the connection (test).");
        }
        _remaining -= batch.Events.Length;
    }
}
