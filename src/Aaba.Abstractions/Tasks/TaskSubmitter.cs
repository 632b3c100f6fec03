using System.Security.Cryptography;
using System.Text;
using Aaba.Abstractions.Agents;
using Aaba.Abstractions.Http;

namespace Aaba.Abstractions.Tasks;

/// <summary>
/// How a run request becomes a task, for every front end (the HTTP API and the in-process .NET client): a new
/// time-ordered id, or the task an idempotency key (scoped to the submission's tenant) already names, then
/// <see cref="ITaskGrain.StartAsync"/>.
/// </summary>
public static class TaskSubmitter
{
    /// <summary>
    /// Starts <paramref name="submission"/> as a new task, or, with an <paramref name="idempotencyKey"/> seen before for
    /// the same request, returns that task (<see cref="RunAccepted.Replayed"/>).
    /// </summary>
    /// <exception cref="IdempotencyKeyReusedException">The key was used for a different request.</exception>
    /// <exception cref="UnknownAgentException">No agent has that name (the key stays free).</exception>
    /// <exception cref="InvalidTaskInputException">The agent rejects the input (the key stays free).</exception>
    /// <exception cref="TenantTaskLimitException">The tenant has as many tasks in flight as it may (the key stays free).</exception>
    /// <exception cref="TaskOutcomeUnknownException">No answer came in time: the task may or may not exist.</exception>
    public static async Task<RunAccepted> SubmitTaskAsync(this IGrainFactory grains, TaskSubmission submission, string? idempotencyKey, TimeProvider time)
    {
        var id = TaskId.New(time);
        var replayed = false;
        if (idempotencyKey is not null)
        {
            var claim = await grains.GetIdempotencyGrain(submission.Tenant, idempotencyKey).ClaimAsync(Fingerprint(submission), id);
            if (!claim.Matches)
            {
                throw new IdempotencyKeyReusedException(idempotencyKey, claim.TaskId);
            }
            replayed = claim.TaskId != id;
            id = claim.TaskId;
        }
        // Idempotent for the same submission, so a replay (or a retry after a failure here) returns the same task.
        try
        {
            return RunAccepted.From(await grains.GetTaskGrain(id).StartAsync(submission), replayed);
        }
        catch (Exception exception) when (idempotencyKey is not null && !replayed && exception is UnknownAgentException or InvalidTaskInputException or TenantTaskLimitException)
        {
            // Nothing was created: free the key so the corrected (or later) request can use it.
            await grains.GetIdempotencyGrain(submission.Tenant, idempotencyKey).ReleaseAsync(id);
            throw;
        }
        catch (TimeoutException exception)
        {
            // The call may have reached the task and created it: say what is true, and how to find out.
            throw new TaskOutcomeUnknownException(id,
                $"No answer came in time; task {id} may or may not have been accepted. Read it at {AabaRoutes.Task(id)}" +
                (idempotencyKey is null ? ", and send requests with an Idempotency-Key so that a retry is always safe." : ", or retry with the same Idempotency-Key."),
                exception);
        }
    }

    /// <summary>What makes two requests "the same" for an idempotency key: agent, time limit and the normalized input.</summary>
    public static string Fingerprint(TaskSubmission submission) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{submission.Agent}\n{submission.Timeout?.TotalSeconds}\n{submission.InputJson}" +
            (submission.CallbackUrl is null ? "" : $"\n{submission.CallbackUrl}"))));
}
