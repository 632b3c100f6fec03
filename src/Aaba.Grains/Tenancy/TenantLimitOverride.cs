namespace Aaba.Grains.Tenancy;

/// <summary>One tenant's own limits (see <see cref="TenantLimitsOptions"/>); null takes the default.</summary>
public sealed class TenantLimitOverride
{
    public int? MaxTasksInFlight { get; set; }

    public long? DailyTokenBudget { get; set; }
}
