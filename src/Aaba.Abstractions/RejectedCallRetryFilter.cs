
namespace Aaba.Abstractions;

/// <summary>
/// Sends a grain call again when Orleans rejected it without delivering it. A grain leaves memory when idle past its
/// collection age (a finished task 15 s after its finish, a task id with no task at once), and a call that reaches it
/// while it deactivates is forwarded to its next activation; when the directory has not caught up (more likely with
/// several silos), Orleans gives up after two forwards with a rejection. The call never ran, so sending it again is
/// safe for any method; a few quick tries ride out the moment.
/// </summary>
public sealed class RejectedCallRetryFilter : IOutgoingGrainCallFilter
{
    private const int MaxRetries = 3;
    private static readonly Backoff Retries = new(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(200));

    /// <inheritdoc/>
    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        for (var retry = 0; ; retry++)
        {
            try
            {
                await context.Invoke();
                if (retry == MaxRetries || context.Response?.Exception is not OrleansMessageRejectionException)
                {
                    return;
                }
            }
            catch (OrleansMessageRejectionException) when (retry < MaxRetries)
            {
                // Sent again below.
            }
            await Task.Delay(Retries.Delay(retry));
        }
    }
}
