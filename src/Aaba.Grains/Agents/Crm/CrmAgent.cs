using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aaba.Abstractions;
using Aaba.Abstractions.Agents;
using Aaba.Abstractions.Tasks;
using Aaba.Grains.Webhooks;
using Microsoft.Extensions.Options;

namespace Aaba.Grains.Agents.Crm;

/// <summary>
/// One CRM delivery run: each lead is POSTed as <c>{"type", "timestamp", "data": lead}</c>, signed, with a
/// <c>webhook-id</c> derived from the task and the lead (the same on every retry, every attempt of the task and
/// every resumed pipeline, so a receiver that honours it records each lead once). A 5xx, 408, 429, a timeout or no
/// answer is retried with Aaba's backoff up to <c>max_attempts</c>; another 4xx is final. Every attempt is recorded:
/// in the progress events, in the transcript (kept even when the run fails) and in the result.
/// </summary>
public sealed class CrmAgent(WebhookSender sender, AgentConcurrencyGate concurrency, IOptions<WebhookOptions> options)
{
    public const string DeliveryFailed = "delivery_failed";
    public const string Unsigned = "webhook_unsigned";
    private const int DefaultMaxAttempts = 5;

    public static string? ConfiguredUrl(AgentDescriptor agent) =>
        agent.ConfigJson is { } json && JsonNode.Parse(json) is JsonObject config ? config["webhook_url"]?.GetValue<string>() : null;

    /// <summary>The message id of one lead's delivery: the same for the same task and lead, whoever sends it.</summary>
    public static string MessageId(TaskId task, JsonObject lead)
    {
        var key = lead["id"]?.ToJsonString() ?? lead["url"]?.ToJsonString() ?? lead.ToJsonString();
        return "msg_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{task}\n{key}")))[..32];
    }

    public async Task<string> RunAsync(AgentRunContext context)
    {
        var invocation = context.Invocation;
        var descriptor = invocation.Descriptor ?? throw new AgentException(TaskErrorCodes.AgentError, "The run carries no agent configuration.");
        var config = JsonNode.Parse(descriptor.ConfigJson ?? "{}")!.AsObject();
        var input = JsonNode.Parse(invocation.InputJson)!.AsObject();
        var url = ConfiguredUrl(descriptor) ?? input["webhook_url"]!.GetValue<string>();
        var eventType = config["event_type"]?.GetValue<string>() ?? CrmAgentKind.DefaultEventType;
        var maxAttempts = config["max_attempts"]?.GetValue<int>() ?? DefaultMaxAttempts;
        var secret = await sender.SecretForAsync(invocation.Agent)
            ?? throw new AgentException(Unsigned, $"No signing secret: set the agent's '{WebhookSender.SecretName}' secret or AABA_WEBHOOK_SECRET.");
        using var slot = await concurrency.EnterAsync(context);
        var backoff = new Backoff(options.Value.RetryDelay, options.Value.MaxRetryDelay);
        var leads = (input["leads"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        context.ReportProgress($"Delivering {leads.Count} lead(s)", new { count = leads.Count, url });
        var outcomes = new JsonArray();
        var failed = 0;
        foreach (var lead in leads)
        {
            var id = MessageId(invocation.TaskId, lead);
            var payload = new JsonObject
            {
                ["type"] = eventType,
                ["timestamp"] = context.Time.GetUtcNow().ToString("O"),
                ["data"] = lead.DeepClone(),
            }.ToJsonString(AabaJson.Options);
            var attempts = new List<WebhookDelivery>();
            WebhookDelivery last;
            while (true)
            {
                last = await sender.SendAsync(url, id, payload, secret, attempts.Count + 1, context.CancellationToken);
                attempts.Add(last);
                if (last.Delivered || !WebhookSender.IsTransient(last) || attempts.Count >= maxAttempts)
                {
                    break;
                }
                await Task.Delay(backoff.Delay(attempts.Count - 1), context.Time, context.CancellationToken);
            }
            var leadId = lead["id"]?.ToString() ?? lead["url"]?.ToString();
            var outcome = new JsonObject
            {
                ["lead"] = leadId,
                ["webhook_id"] = id,
                ["status"] = last.Delivered ? "delivered" : "failed",
                ["attempts"] = JsonSerializer.SerializeToNode(attempts, AabaJson.Options),
            };
            outcomes.Add(outcome);
            failed += last.Delivered ? 0 : 1;
            context.Record(new TranscriptEntry("delivery", outcome.ToJsonString(AabaJson.Options), Tool: "webhook", ToolCallId: id));
            context.ReportProgress(last.Delivered
                    ? $"Delivered lead {leadId} (attempt {attempts.Count}, HTTP {last.StatusCode})"
                    : $"Could not deliver lead {leadId} after {attempts.Count} attempt(s): {last.Error}",
                new { lead = leadId, webhook_id = id, status = outcome["status"]!.GetValue<string>(), attempts = attempts.Count, status_code = last.StatusCode });
        }
        if (failed > 0)
        {
            throw new AgentException(DeliveryFailed,
                $"{failed} of {leads.Count} lead(s) could not be delivered; each attempt is in the transcript. A retry sends them with the same webhook ids.");
        }
        return new JsonObject { ["delivered"] = leads.Count, ["failed"] = 0, ["url"] = url, ["deliveries"] = outcomes }.ToJsonString(AabaJson.Options);
    }
}
