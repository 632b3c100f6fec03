namespace Aaba.Grains.Tasks;

/// <summary>What a decision did, for logs and metrics.</summary>
public enum TaskTransition
{
    None,
    Accepted,
    AttemptStarted,
    AttemptLost,
    Retrying,
    HandedBack,
    LeaseRenewed,
    StaleReport,
    Finished,
    CallbackAttempted,
}
