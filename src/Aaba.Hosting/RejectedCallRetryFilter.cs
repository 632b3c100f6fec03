using Orleans.Runtime;

namespace Aaba.Hosting;

/// <summary>
/// Sends a grain call again when Orleans rejected it without delivering it. A finished task leaves memory at once,
/// and a call that reaches it while it deactivates is forwarded to its next activation; when the directory has not
/// caught up (more likely with several silos), Orleans gives up after two forwards with a rejection. The call never
/// ran, so sending it again is safe for any method; a few quick tries ride out the moment.
/// </summary>
public sealed class RejectedCallRetryFilter : IOutgoingGrainCallFilter
{
    private static readonly TimeSpan[] Backoff = [TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200)];

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        for (var retry = 0; ; retry++)
        {
            try
            {
                await context.Invoke();
                if (retry == Backoff.Length || context.Response?.Exception is not OrleansMessageRejectionException)
                {
                    return;
                }
            }
            catch (OrleansMessageRejectionException) when (retry < Backoff.Length)
            {
                // Sent again below.
            }
            await Task.Delay(Backoff[retry]);
        }
    }
}
