using System.Globalization;
using Aaba.Abstractions.Tasks;

namespace Aaba.Abstractions.Http;

/// <summary>The paths of the HTTP API's resources, for links in responses and for clients that call them.</summary>
public static class AabaRoutes
{
    /// <summary>The registered agents.</summary>
    public const string Agents = "/agents";

    /// <summary>Task listings.</summary>
    public const string Tasks = "/tasks";

    /// <summary>Task counts by agent and status.</summary>
    public const string TaskStats = "/tasks/stats";

    /// <summary>Finished tasks per minute and agent, recently.</summary>
    public const string TaskActivity = "/tasks/activity";

    /// <summary>Agent <paramref name="agent"/>'s registration.</summary>
    public static string Agent(string agent) => $"/agents/{Uri.EscapeDataString(agent)}";

    /// <summary>The kinds agents can be registered of.</summary>
    public const string AgentKinds = "/agents/kinds";

    /// <summary>The schedules.</summary>
    public const string Schedules = "/schedules";

    /// <summary>Schedule <paramref name="name"/>.</summary>
    public static string Schedule(string name) => $"/schedules/{Uri.EscapeDataString(name)}";

    /// <summary>Runs agent <paramref name="agent"/>.</summary>
    public static string Run(string agent) => $"/agents/{Uri.EscapeDataString(agent)}/run";

    /// <summary>A task: its status, result or error (<c>status_url</c>).</summary>
    public static string Task(TaskId id) => $"/agents/status/{id}";

    /// <summary>A task's Server-Sent Events.</summary>
    public static string TaskEvents(TaskId id) => $"{Task(id)}/events";

    /// <summary>Cancels a task.</summary>
    public static string CancelTask(TaskId id) => $"{Task(id)}/cancel";

    /// <summary>A task's transcript.</summary>
    public static string TaskTranscript(TaskId id) => $"{Task(id)}/transcript";

    /// <summary>Query parameters, names already snake_case; null values are left out.</summary>
    public static string WithQuery(string path, params (string Name, object? Value)[] parameters)
    {
        var query = string.Join('&', parameters
            .Where(p => p.Value is not null)
            .Select(p => $"{p.Name}={Uri.EscapeDataString(Convert.ToString(p.Value, CultureInfo.InvariantCulture)!)}"));
        return query.Length == 0 ? path : $"{path}?{query}";
    }
}
