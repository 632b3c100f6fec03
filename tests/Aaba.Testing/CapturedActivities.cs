using System.Collections.Concurrent;
using System.Diagnostics;

namespace Aaba.Testing;

/// <summary>Every span this process ends (any source), as text: name, tags, events, baggage. For tests that grep traces.</summary>
public sealed class CapturedActivities : IDisposable
{
    private readonly ConcurrentQueue<string> _spans = new();
    private readonly ActivityListener _listener;

    public CapturedActivities()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => _spans.Enqueue(
                $"{activity.Source.Name} {activity.DisplayName} {string.Join(", ", activity.TagObjects.Select(t => $"{t.Key}={t.Value}"))} " +
                $"{string.Join(", ", activity.Events.Select(e => $"{e.Name} {string.Join(", ", e.Tags.Select(t => $"{t.Key}={t.Value}"))}"))} " +
                $"{string.Join(", ", activity.Baggage.Select(b => $"{b.Key}={b.Value}"))}"),
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public IReadOnlyList<string> Spans => [.. _spans];

    public void Dispose() => _listener.Dispose();
}
