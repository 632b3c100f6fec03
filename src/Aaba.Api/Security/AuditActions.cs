namespace Aaba.Api.Security;

/// <summary>The actions the audit trail names; stable strings a reader filters on.</summary>
internal static class AuditActions
{
    public const string TaskRun = "task.run";
    public const string TaskCancel = "task.cancel";
    public const string AgentRegister = "agent.register";
    public const string AgentRetire = "agent.retire";
    public const string ScheduleSet = "schedule.set";
    public const string ScheduleDelete = "schedule.delete";
    public const string SchedulePause = "schedule.pause";
    public const string ScheduleResume = "schedule.resume";
    public const string KeyCreate = "key.create";
    public const string KeyList = "key.list";
    public const string KeyRevoke = "key.revoke";
    public const string KeyNewAddress = "key.new_address";
    public const string SecretSet = "secret.set";
    public const string SecretList = "secret.list";
    public const string SecretDelete = "secret.delete";
    public const string AuditRead = "audit.read";
    public const string RequestDenied = "request.denied";
    public const string ConsoleSignIn = "console.sign_in";
}

/// <summary>How an audited request ended.</summary>
internal static class AuditOutcomes
{
    public const string Ok = "ok";
    public const string Denied = "denied";
    public const string Failed = "failed";

    public static string Of(int status) => status switch
    {
        < 400 => Ok,
        StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden => Denied,
        _ => Failed,
    };
}
