using System.Text.Json;
using Aaba.Abstractions.Tasks;

namespace Aaba.Client;

/// <summary>Reads what a <see cref="TaskEvent"/> says.</summary>
public static class TaskEventExtensions
{
    /// <summary>For a status event, the status it reports.</summary>
    public static bool TryGetStatus(this TaskEvent @event, out AgentTaskStatus status)
    {
        status = default;
        return @event.Type == TaskEventTypes.Status && ReadString(@event, "status") is { } name && AgentTaskStatusExtensions.TryParseWireName(name, out status);
    }

    /// <summary>True for the status event that ends the task (succeeded, failed or cancelled).</summary>
    public static bool IsTerminal(this TaskEvent @event) => @event.TryGetStatus(out var status) && status.IsTerminal();

    /// <summary>For a progress event, the agent's message.</summary>
    public static string? GetProgressMessage(this TaskEvent @event) =>
        @event.Type == TaskEventTypes.Progress ? ReadString(@event, "message") : null;

    /// <summary>The event's <c>attempt</c> (which run of the task it belongs to), or null.</summary>
    public static int? GetAttempt(this TaskEvent @event)
    {
        using var document = JsonDocument.Parse(@event.DataJson);
        return document.RootElement.TryGetProperty("attempt", out var attempt) && attempt.TryGetInt32(out var value) ? value : null;
    }

    private static string? ReadString(TaskEvent @event, string property)
    {
        using var document = JsonDocument.Parse(@event.DataJson);
        return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
    }
}
