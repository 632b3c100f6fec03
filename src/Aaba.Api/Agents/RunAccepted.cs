using Aaba.Api.Security;

namespace Aaba.Api.Agents;

/// <summary>The 202 answer to a run request: the task is persisted and will run.</summary>
public sealed record RunAccepted(string TaskId, string Agent, string Status, string StatusUrl) : IAuditTarget
{
    string IAuditTarget.AuditTarget => TaskId;
}
