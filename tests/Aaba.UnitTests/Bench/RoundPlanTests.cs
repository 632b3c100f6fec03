using Aaba.Bench;

namespace Aaba.UnitTests.Bench;

/// <summary>Both stacks are warmed up the same way: rounds until two agree within 10%, then the better of the two.</summary>
public sealed class RoundPlanTests
{
    private static readonly RoundPlan Stable = RoundPlan.Parse("stable", maxRounds: 6, agree: 0.10);

    [Fact]
    public void Stable_rounds_go_on_until_two_in_a_row_agree_in_throughput_and_cpu()
    {
        List<RoundFigures> rounds = [new(609, 2.7), new(1122, 1.2)];
        Assert.False(Stable.IsDone(rounds));

        rounds.Add(new RoundFigures(1500, 0.95));
        Assert.False(Stable.IsDone(rounds));

        rounds.Add(new RoundFigures(1450, 0.90));
        Assert.True(Stable.IsDone(rounds));

        var summary = Stable.Summarize(rounds);
        Assert.Equal(3, summary.ChosenRound);
        Assert.True(summary.Stable);
        Assert.Equal(40.6, summary.FirstRoundPercent, 1);
        Assert.Equal(2.84, summary.FirstRoundCpuMultiple!.Value, 2);
    }

    [Fact]
    public void Rounds_that_agree_in_throughput_but_not_in_cpu_do_not_stop()
    {
        Assert.False(Stable.IsDone([new(1000, 1.0), new(1000, 1.3)]));
        Assert.True(Stable.IsDone([new(1000, null), new(950, null)]));
    }

    [Fact]
    public void Stable_rounds_stop_at_the_limit_and_say_they_did_not_agree()
    {
        List<RoundFigures> rounds = [new(100, 1), new(200, 1), new(300, 1), new(400, 1), new(500, 1), new(600, 1)];

        Assert.True(Stable.IsDone(rounds));
        var summary = Stable.Summarize(rounds);
        Assert.False(summary.Stable);
        Assert.Equal(6, summary.ChosenRound);
    }

    [Fact]
    public void A_fixed_count_runs_every_round_and_compares_round_one_with_the_better_of_the_last_two()
    {
        var plan = RoundPlan.Parse("4", maxRounds: 8, agree: 0.10);
        List<RoundFigures> rounds = [new(600, 2.0), new(1000, 1.0), new(1200, 0.9)];
        Assert.False(plan.IsDone(rounds));

        rounds.Add(new RoundFigures(1150, 0.8));
        Assert.True(plan.IsDone(rounds));
        var summary = plan.Summarize(rounds);
        Assert.Equal(3, summary.ChosenRound);
        Assert.Equal(50, summary.FirstRoundPercent, 6);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("some")]
    public void A_bad_round_count_is_refused(string rounds) =>
        Assert.Throws<ArgumentException>(() => RoundPlan.Parse(rounds, 8, 0.1));
}
