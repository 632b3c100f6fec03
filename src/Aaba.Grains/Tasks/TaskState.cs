using System.Collections.Immutable;
using Aaba.Abstractions.Security;
using System.Text.Json.Serialization;
using Aaba.Abstractions.Tasks;

namespace Aaba.Grains.Tasks;

/// <summary>
/// One task as stored: immutable, so each transition of <see cref="TaskMachine"/> is a new value and a failed write
/// leaves nothing half-changed. Stored as JSON (see <see cref="RedisTaskStore"/>): property names are the schema,
/// never rename one.
/// </summary>
public sealed record TaskState
{
    /// <summary>Who owns the task. Records written before tenants existed have none and read as the default tenant.</summary>
    public TenantId Tenant { get; init; }

    public string Agent { get; init; } = "";

    public string InputJson { get; init; } = "";

    public AgentTaskStatus Status { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the current (or last) attempt started running.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Every start of an agent on this task, handed-back ones included.</summary>
    public int Attempts { get; init; }

    public string? ResultJson { get; init; }

    public TaskError? Error { get; init; }

    /// <summary>The silo running the current attempt (Orleans parsable form), so another activation can ask membership whether it lives.</summary>
    public string? RunningOn { get; init; }

    /// <summary>When the current attempt counts as lost even if its silo still lives: its time limit plus the grace to report.</summary>
    public DateTimeOffset? AttemptDeadline { get; init; }

    public TaskUsage? Usage { get; init; }

    /// <summary>How long one run may take (the request's timeout, else the agent's default).</summary>
    public TimeSpan Timeout { get; init; }

    /// <summary>Attempts that ended without finishing the task.</summary>
    public ImmutableList<AttemptRecord> AttemptHistory { get; init; } = [];

    /// <summary>Status changes and agent progress, oldest first, capped (<see cref="TaskRules.MaxEvents"/>).</summary>
    public ImmutableList<TaskEvent> Events { get; init; } = [];

    public long LastEventId { get; init; }

    /// <summary>Set while the current attempt waits in its agent's queue (status queued, attempt already handed over).</summary>
    public int? QueuePosition { get; init; }

    /// <summary>The W3C trace parent of the submitting request: every run continues that trace.</summary>
    public string? TraceParent { get; init; }

    /// <summary>The version of the agent the latest attempt ran with (registered agents change; built-ins stay at 1).</summary>
    public long? AgentVersion { get; init; }

    /// <summary>The kind of the agent (a pipeline's steps are listed with it).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Kind { get; init; }

    /// <summary>The pipeline task this task is a step of.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TaskId? ParentId { get; init; }

    /// <summary>The completion webhook and its deliveries, when the run request named a <c>callback_url</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TaskCallback? Callback { get; init; }

    /// <summary>An attempt is with an agent: running, or held in the agent's queue.</summary>
    public bool HasAttemptInFlight => Status == AgentTaskStatus.Running || (Status == AgentTaskStatus.Queued && QueuePosition is not null);

    /// <summary>Attempts that count against the limits: a hand-back at a clean shutdown is not the task's failure.</summary>
    public int CountedAttempts => Attempts - AttemptHistory.Count(a => a.Error.Code == TaskErrorCodes.HandedBack);
}
