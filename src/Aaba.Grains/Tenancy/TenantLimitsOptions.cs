using System.ComponentModel.DataAnnotations;
using Aaba.Abstractions.Security;

namespace Aaba.Grains.Tenancy;

/// <summary>
/// What each tenant may spend: tasks in flight (checked atomically when a task is created) and model tokens per UTC
/// day (checked before every model call). Defaults apply to every tenant; <see cref="Overrides"/> changes them for one
/// (<c>Aaba__Tenants__Overrides__acme__DailyTokenBudget=200000</c>). Every silo must be given the same values.
/// </summary>
public sealed class TenantLimitsOptions : IValidatableObject
{
    public const string Section = "Aaba:Tenants";

    /// <summary>
    /// Tasks a tenant may have queued or running at once; past it a submission gets 429. Empty: no limit. The default
    /// leaves room for agents that mostly wait on models (tens of thousands in flight) while bounding a runaway client.
    /// </summary>
    [Range(1, 100_000_000)]
    public int? MaxTasksInFlight { get; set; } = 100_000;

    /// <summary>Model tokens (prompt + completion) a tenant may use per UTC day; past it tasks fail with <c>budget_exhausted</c>. Empty: no limit.</summary>
    [Range(0, long.MaxValue)]
    public long? DailyTokenBudget { get; set; }

    /// <summary>Per-tenant values, by tenant name; a value left out takes the default.</summary>
    public Dictionary<string, TenantLimitOverride> Overrides { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The limits of <paramref name="tenant"/>.</summary>
    public TenantLimits For(TenantId tenant) =>
        Overrides.TryGetValue(tenant.Name, out var own)
            ? new TenantLimits(own.MaxTasksInFlight ?? MaxTasksInFlight, own.DailyTokenBudget ?? DailyTokenBudget)
            : new TenantLimits(MaxTasksInFlight, DailyTokenBudget);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, limits) in Overrides)
        {
            if (!TenantId.IsValidName(name))
            {
                yield return new ValidationResult($"Aaba:Tenants:Overrides: '{name}' is not a tenant name (lower-case letters, digits, '-', '_').", [nameof(Overrides)]);
            }
            if (limits.MaxTasksInFlight is < 1 || limits.DailyTokenBudget is < 0)
            {
                yield return new ValidationResult($"Aaba:Tenants:Overrides:{name}: MaxTasksInFlight must be at least 1 and DailyTokenBudget at least 0.", [nameof(Overrides)]);
            }
        }
    }
}
