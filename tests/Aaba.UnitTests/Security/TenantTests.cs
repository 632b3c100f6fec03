using System.Text.Json;
using Aaba.Abstractions.Agents;
using Aaba.Abstractions.Security;
using Aaba.Abstractions.Tasks;
using Aaba.Grains;
using Aaba.Grains.Tasks;
using Aaba.Grains.Tenancy;

namespace Aaba.UnitTests.Security;

/// <summary>Tenant names, their JSON, the tenant a stored task belongs to, and each tenant's limits.</summary>
public sealed class TenantTests
{
    [Theory]
    [InlineData("acme", true)]
    [InlineData("a", true)]
    [InlineData("acme-eu_2", true)]
    [InlineData("9lives", true)]
    [InlineData("", false)]
    [InlineData("Acme", false)]
    [InlineData("-acme", false)]
    [InlineData("_acme", false)]
    [InlineData("../etc", false)]
    [InlineData("acme/../other", false)]
    [InlineData("ac me", false)]
    [InlineData("acme\n", false)]
    [InlineData("acmé", false)]
    public void Tenant_names_are_short_lower_case_and_safe_in_keys_and_paths(string name, bool valid)
    {
        Assert.Equal(valid, TenantId.TryParse(name, out _));
        Assert.False(TenantId.TryParse(new string('a', TenantId.MaxLength + 1), out _));
    }

    [Fact]
    public void The_default_tenant_is_one_value_however_it_is_made()
    {
        Assert.Equal(TenantId.Default, default);
        Assert.Equal(TenantId.Default, TenantId.Parse("default"));
        Assert.True(TenantId.Parse("default").IsDefault);
        Assert.NotEqual(TenantId.Default, TenantId.Parse("acme"));
        Assert.Equal("default", default(TenantId).Name);
    }

    [Fact]
    public void A_task_stored_before_tenants_existed_belongs_to_the_default_tenant_and_a_new_one_keeps_its_tenant()
    {
        var old = JsonSerializer.Deserialize<TaskState>("""{"agent":"add","input_json":"{}","status":"succeeded"}""", AabaJson.Options)!;
        Assert.Equal(TenantId.Default, old.Tenant);

        var agent = new AgentDescriptor("add", "add", "adds", "{}", TimeSpan.FromMinutes(1), RetryPolicy.None);
        var now = DateTimeOffset.UtcNow;
        var created = TaskMachine.Decide(null, new TaskCommand.Submit(new TaskSubmission("add", "{}", null, TenantId.Parse("acme")), agent, "S1", null, now),
            new TaskRules(3, TimeSpan.FromSeconds(8), TimeSpan.FromMinutes(1)), now).Task;
        Assert.Equal(TenantId.Parse("acme"), created.Tenant);
        var json = JsonSerializer.Serialize(created, AabaJson.Options);
        Assert.Contains("\"tenant\":\"acme\"", json, StringComparison.Ordinal);
        Assert.Equal(TenantId.Parse("acme"), JsonSerializer.Deserialize<TaskState>(json, AabaJson.Options)!.Tenant);
    }

    [Fact]
    public void A_tenants_own_limits_override_the_defaults_one_by_one()
    {
        var options = new TenantLimitsOptions
        {
            MaxTasksInFlight = 100,
            DailyTokenBudget = null,
            Overrides = { ["acme"] = new TenantLimitOverride { DailyTokenBudget = 5000 } },
        };
        Assert.Equal(new TenantLimits(100, 5000), options.For(TenantId.Parse("acme")));
        Assert.Equal(new TenantLimits(100, null), options.For(TenantId.Parse("globex")));
        Assert.Equal(new TenantLimits(100, null), options.For(TenantId.Default));
        Assert.NotEmpty(new TenantLimitsOptions { Overrides = { ["Not Valid"] = new() } }.Validate(new(new object())));
    }
}
