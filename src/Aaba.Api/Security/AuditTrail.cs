using System.Threading.Channels;
using Aaba.Abstractions;
using Aaba.Abstractions.Security;

namespace Aaba.Api.Security;

/// <summary>
/// Appends to the audit trail (<see cref="IAuditGrain"/>) with group commit: a request waits until its entry is
/// stored, and the entries of concurrent requests share one grain call and one store write. An audited action is
/// therefore answered only once its entry is durable, at the cost of one round trip, not one per request under load.
/// </summary>
internal sealed partial class AuditTrail(IGrainFactory grains, ILogger<AuditTrail> logger) : BackgroundService
{
    private const int MaxBatch = 256;
    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(10_000) { SingleReader = true });

    /// <summary>Appends and waits until stored.</summary>
    /// <exception cref="Abstractions.Tasks.StorageUnavailableException">The store did not take it.</exception>
    public async Task AppendAsync(AuditEntry entry)
    {
        var pending = new Pending(entry, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        await _queue.Writer.WriteAsync(pending);
        await pending.Stored.Task;
    }

    /// <summary>Appends and waits; a failure is logged (with what the entry said), not thrown: for entries that must not fail the request.</summary>
    public async Task TryAppendAsync(AuditEntry entry)
    {
        try
        {
            await AppendAsync(entry);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogNotStored(logger, exception, entry.Action, entry.Actor, entry.Outcome, entry.Path);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = _queue.Reader;
        var batch = new List<Pending>(MaxBatch);
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                await FlushAsync(reader, batch);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is queued is still written.
            await FlushAsync(reader, batch);
        }
    }

    private async Task FlushAsync(ChannelReader<Pending> reader, List<Pending> batch)
    {
        while (true)
        {
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var next))
            {
                batch.Add(next);
            }
            if (batch.Count == 0)
            {
                return;
            }
            try
            {
                await grains.GetAuditTrail().AppendAsync([.. batch.Select(p => p.Entry)]);
                batch.ForEach(p => p.Stored.TrySetResult());
            }
            catch (Exception exception)
            {
                batch.ForEach(p => p.Stored.TrySetException(exception));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "An audit entry could not be stored: {Action} by {Actor} ({Outcome}) on {Path}")]
    private static partial void LogNotStored(ILogger logger, Exception exception, string action, string actor, string outcome, string path);

    private sealed record Pending(AuditEntry Entry, TaskCompletionSource Stored);
}
