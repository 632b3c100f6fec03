using System.Text.Json;
using Aaba.Abstractions;
using Aaba.Abstractions.Http;
using Aaba.Abstractions.Tasks;
using Aaba.Grains.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aaba.Grains.Webhooks;

/// <summary>
/// Completion webhooks: a finished task's <c>callback_url</c> gets <c>{"type": "task.succeeded"|"task.failed"|
/// "task.cancelled", "timestamp", "data": the task as GET /agents/status shows it}</c>, signed per Standard Webhooks
/// with <c>webhook-id</c> = <c>task_{id}</c> on every attempt. Each attempt runs off the task's grain and reports back
/// (<see cref="ITaskRunGrain.ReportCallbackAsync"/>); the task machine records it and decides the next one (Aaba's
/// backoff, up to <see cref="WebhookOptions.CallbackMaxAge"/> after the task's end). The task stays leased while a
/// delivery is due, so a lost activation or silo only delays it: at least once.
/// </summary>
public sealed partial class CompletionWebhooks(WebhookSender sender, IGrainFactory grains, IOptions<WebhookOptions> options, ILogger<CompletionWebhooks> logger)
{
    private static readonly Backoff ReportBackoff = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2));

    /// <summary>Sends attempt <paramref name="attempt"/> and reports its outcome to the task; returns at once.</summary>
    public void Deliver(TaskId id, TaskSnapshot task, string url, int attempt) => _ = Task.Run(async () =>
    {
        WebhookDelivery delivery;
        try
        {
            var secret = await sender.SecretForAsync(task.Agent);
            delivery = secret is null
                ? new WebhookDelivery(attempt, DateTimeOffset.UtcNow, null, $"No signing secret: set AABA_WEBHOOK_SECRET or the agent's '{WebhookSender.SecretName}' secret.", 0)
                : await sender.SendAsync(url, $"task_{id}", Payload(task), secret, attempt, CancellationToken.None);
        }
        catch (Exception exception)
        {
            LogDeliveryFailed(logger, exception, id);
            return;
        }
        for (var retry = 0; retry < 5; retry++)
        {
            try
            {
                await grains.GetGrainWithKey<ITaskRunGrain>(id.ToString()).ReportCallbackAsync(delivery);
                return;
            }
            catch (Exception exception) when (exception is not ArgumentException)
            {
                // The lease expires and recovery sends it again if this never lands.
                LogReportFailed(logger, exception, id);
                await Task.Delay(ReportBackoff.Delay(retry));
            }
        }
    });

    /// <summary>What the task machine is told of <paramref name="delivery"/>.</summary>
    public TaskCommand.CallbackAttempted Outcome(WebhookDelivery delivery, TaskState task)
    {
        var settings = options.Value;
        var previous = task.Callback?.Deliveries.Length ?? 0;
        return new TaskCommand.CallbackAttempted(delivery, WebhookSender.IsTransient(delivery) && delivery.Error?.StartsWith("No signing secret", StringComparison.Ordinal) != true,
            new Backoff(settings.RetryDelay, settings.MaxRetryDelay).Delay(previous), settings.CallbackMaxAge);
    }

    public static string Payload(TaskSnapshot task) => JsonSerializer.Serialize(new
    {
        type = $"task.{task.Status.ToWireName()}",
        timestamp = task.FinishedAt,
        data = TaskResponse.From(task) with { Callback = null },
    }, AabaWireJson.Options);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId}: the completion webhook could not be attempted; recovery tries again")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception exception, TaskId taskId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Task {TaskId}: could not record a completion webhook attempt; retrying")]
    private static partial void LogReportFailed(ILogger logger, Exception exception, TaskId taskId);
}
