namespace Aaba.Grains.Tasks;

/// <summary>What the task grain must do once a decision is written (never before: nobody hears of an unwritten change).</summary>
public abstract record TaskEffect
{
    /// <summary>Give <paramref name="Attempt"/> to the agent's grain on this silo.</summary>
    public sealed record HandToAgent(int Attempt) : TaskEffect;

    /// <summary>Cancel <paramref name="Attempt"/>'s run, wherever this silo can reach it.</summary>
    public sealed record StopRun(int Attempt) : TaskEffect;

    /// <summary>Send attempt <paramref name="Attempt"/> of the finished task's completion webhook.</summary>
    public sealed record DeliverCallback(int Attempt) : TaskEffect;

    /// <summary>Start the next attempt after <paramref name="Delay"/> (a retry's backoff).</summary>
    public sealed record StartLater(TimeSpan Delay) : TaskEffect;
}
