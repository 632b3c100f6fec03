namespace Aaba.Api.Security;

/// <summary>A response that names what an audited action was done to (a created task or key).</summary>
internal interface IAuditTarget
{
    string AuditTarget { get; }
}
