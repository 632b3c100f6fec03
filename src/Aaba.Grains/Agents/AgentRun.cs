namespace Aaba.Grains.Agents;

/// <summary>One attempt held by <see cref="AgentRunner"/>: how to stop it, why it was stopped, and when it ends.</summary>
internal sealed class AgentRun(AgentInvocation invocation, DateTimeOffset deadline) : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private int _stoppedBy;

    public AgentInvocation Invocation { get; } = invocation;

    /// <summary>Past this (time limit plus grace) the lease is no longer kept and the attempt may be declared lost.</summary>
    public DateTimeOffset Deadline { get; } = deadline;

    public CancellationToken Stopping => _stop.Token;

    public AgentRunStop StoppedBy => (AgentRunStop)Volatile.Read(ref _stoppedBy);

    /// <summary>The run and its report; set once started.</summary>
    public Task Completion { get; set; } = Task.CompletedTask;

    /// <summary>Stops the run; the first reason given wins.</summary>
    public void Stop(AgentRunStop reason)
    {
        if (Interlocked.CompareExchange(ref _stoppedBy, (int)reason, (int)AgentRunStop.None) == (int)AgentRunStop.None)
        {
            try
            {
                _stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The run ended meanwhile.
            }
        }
    }

    /// <summary>True once the run and its report are over.</summary>
    public bool HasEnded => Volatile.Read(ref _ended);

    private bool _ended;

    public void Dispose()
    {
        Volatile.Write(ref _ended, true);
        _stop.Dispose();
    }
}
