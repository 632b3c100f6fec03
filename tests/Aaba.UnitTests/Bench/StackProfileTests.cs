using Aaba.Bench;

namespace Aaba.UnitTests.Bench;

/// <summary>The generator drives both stacks with one code path; only routes and status names differ.</summary>
public sealed class StackProfileTests
{
    [Theory]
    [InlineData("PENDING", "queued")]
    [InlineData("RECEIVED", "queued")]
    [InlineData("STARTED", "running")]
    [InlineData("RETRY", "running")]
    [InlineData("SUCCESS", "succeeded")]
    [InlineData("FAILURE", "failed")]
    [InlineData("REVOKED", "cancelled")]
    [InlineData("succeeded", null)]
    [InlineData(null, null)]
    public void Celery_states_map_onto_aaba_statuses(string? state, string? expected) =>
        Assert.Equal(expected, StackProfile.Celery.Normalize(state));

    [Theory]
    [InlineData("queued")]
    [InlineData("running")]
    [InlineData("succeeded")]
    [InlineData("failed")]
    [InlineData("cancelled")]
    public void Aaba_statuses_are_kept(string status) => Assert.Equal(status, StackProfile.Aaba.Normalize(status));

    [Theory]
    [InlineData("SUCCESS")]
    [InlineData("PENDING")]
    public void Aaba_does_not_take_celery_states(string state) => Assert.Null(StackProfile.Aaba.Normalize(state));

    [Theory]
    [InlineData("succeeded", true)]
    [InlineData("failed", true)]
    [InlineData("cancelled", true)]
    [InlineData("queued", false)]
    [InlineData("running", false)]
    [InlineData(null, false)]
    public void Only_final_statuses_are_terminal(string? status, bool terminal) =>
        Assert.Equal(terminal, StackProfile.IsTerminal(status));

    [Fact]
    public void Both_stacks_run_the_lead_agent_on_the_seed_route()
    {
        Assert.Equal("/agents/run-lead", StackProfile.Aaba.SubmitPath("lead"));
        Assert.Equal("/agents/run-lead", StackProfile.Celery.SubmitPath("lead"));
        Assert.Equal("/agents/add/run", StackProfile.Aaba.SubmitPath("add"));
        Assert.Equal("/agents/run/add", StackProfile.Celery.SubmitPath("add"));
    }

    [Fact]
    public void Status_routes_are_shared_and_only_aaba_long_polls()
    {
        Assert.Equal("/agents/status/abc", StackProfile.Celery.StatusPath("abc"));
        Assert.Equal("/agents/status/abc?wait_s=10", StackProfile.Aaba.StatusPath("abc", 10));
        Assert.True(StackProfile.Aaba.SupportsLongPoll);
        Assert.False(StackProfile.Celery.SupportsLongPoll);
    }

    [Theory]
    [InlineData("aaba", 202, true)]
    [InlineData("aaba", 200, false)]
    [InlineData("celery", 200, true)]
    [InlineData("celery", 404, false)]
    public void Accepted_submissions_are_told_by_status_code(string stack, int code, bool accepted) =>
        Assert.Equal(accepted, StackProfile.Parse(stack).Accepted(code));
}
