namespace Aaba.Grains.Tenancy;

/// <summary>One tenant's limits in force; null is no limit.</summary>
public sealed record TenantLimits(int? MaxTasksInFlight, long? DailyTokenBudget);
