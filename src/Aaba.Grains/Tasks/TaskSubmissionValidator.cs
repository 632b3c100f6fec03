using Aaba.Abstractions.Agents;
using Aaba.Abstractions.Tasks;
using Aaba.Grains.Agents;

namespace Aaba.Grains.Tasks;

/// <summary>Checks a submission against the agent registry and the agent's input rules before anything is stored.</summary>
public sealed class TaskSubmissionValidator(AgentCatalogCache catalog, AgentKindRegistry kinds, Net.OutboundUrlGuard guard, Webhooks.WebhookSender webhooks)
{
    private static readonly TimeSpan MinTimeout = TimeSpan.FromSeconds(1);

    /// <summary>The agent that will run the submission.</summary>
    /// <exception cref="UnknownAgentException">No agent has that name.</exception>
    /// <exception cref="InvalidTaskInputException">The input or the time limit is not valid, with the problems by field.</exception>
    public async Task<AgentDescriptor> ValidateAsync(TaskSubmission submission)
    {
        var descriptor = await catalog.FindAsync(submission.Agent) ?? throw new UnknownAgentException(submission.Agent);
        var errors = kinds.Get(descriptor.Kind).ValidateInput(descriptor, submission.InputJson);
        if (submission.Timeout is { } requested && (requested < MinTimeout || requested > TaskSubmission.MaxTimeout))
        {
            errors = errors.Add("timeout_s", [$"Must be between {MinTimeout.TotalSeconds:0} and {TaskSubmission.MaxTimeout.TotalSeconds:0} seconds."]);
        }
        if (submission.CallbackUrl is { } callback)
        {
            // Only tasks that ask for a webhook pay for these checks (the secret lookup is cached per silo).
            if (guard.Check(callback) is { } why)
            {
                errors = errors.Add("callback_url", [why]);
            }
            else if (!await webhooks.CanSignAsync(descriptor.Name))
            {
                errors = errors.Add("callback_url", [$"No webhook signing secret is configured: set AABA_WEBHOOK_SECRET, or the agent's '{Webhooks.WebhookSender.SecretName}' secret."]);
            }
        }
        return errors.Count > 0 ? throw new InvalidTaskInputException(errors) : descriptor;
    }
}
