using Aaba.Bench;

namespace Aaba.UnitTests.Bench;

public sealed class BenchOptionsTests
{
    [Fact]
    public void The_comparison_run_is_read_from_the_command_line()
    {
        var options = BenchOptions.Parse(
            ["--stack", "celery", "--mode", "e2e", "--url", "http://127.0.0.1:8090", "--agent", "lead", "--poll", "20",
             "--rounds", "stable", "--pids", "redis=1,api=2,worker=3"]);

        Assert.Same(StackProfile.Celery, options.Stack);
        Assert.Equal(new PollPlan(false, 20), options.Poll);
        Assert.True(options.Rounds.UntilStable);
        Assert.Equal(["redis", "api", "worker"], options.Servers.Select(s => s.Name));
        Assert.Equal("""{"query":"python"}""", options.Input(0));
    }

    [Fact]
    public void The_old_stack_cannot_long_poll() =>
        Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["--stack", "celery", "--poll", "long"]));

    [Theory]
    [InlineData("--nope", "1")]
    [InlineData("--tasks")]
    public void Unknown_or_incomplete_options_are_refused(params string[] args) =>
        Assert.Throws<ArgumentException>(() => BenchOptions.Parse(args));
}
