namespace Aaba.Api.Security;

/// <summary>The authorization policies, one per role; a route names the least role it needs.</summary>
internal static class AabaPolicies
{
    /// <summary>Read the tenant's tasks and the agent list.</summary>
    public const string Reader = "reader";

    /// <summary>Also run agents and cancel tasks.</summary>
    public const string Operator = "operator";

    /// <summary>Keys, secrets, audit, dashboard, docs.</summary>
    public const string Admin = "admin";
}
