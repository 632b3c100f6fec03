using System.Globalization;

namespace Aaba.Bench;

/// <summary>
/// How many rounds of <c>--tasks</c> tasks an e2e run makes: a fixed number (<c>--rounds 4</c>: every round reported,
/// the way a fresh process warms up), or <c>--rounds stable</c>: rounds until two in a row agree within
/// <c>--agree</c> (0.10 = 10%) in throughput and in server CPU per task, then the better of those two (at most
/// <c>--max-rounds</c>). The same plan is applied to every stack, so each is warmed up the same way.
/// </summary>
internal sealed record RoundPlan(bool UntilStable, int Count, int MaxRounds, double Agree)
{
    public static RoundPlan Parse(string rounds, int maxRounds, double agree)
    {
        if (agree is <= 0 or >= 1)
        {
            throw new ArgumentException($"--agree takes a fraction between 0 and 1, got {agree}.");
        }
        if (rounds == "stable")
        {
            return maxRounds >= 2
                ? new RoundPlan(true, 0, maxRounds, agree)
                : throw new ArgumentException("--max-rounds must be at least 2 with --rounds stable.");
        }
        return int.TryParse(rounds, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= 1
            ? new RoundPlan(false, count, count, agree)
            : throw new ArgumentException($"--rounds takes 'stable' or a positive count, got '{rounds}'.");
    }

    /// <summary>Whether two measurements agree: they differ by at most <c>Agree</c> of the larger one.</summary>
    public bool Agrees(double a, double b) => Math.Abs(a - b) <= Agree * Math.Max(Math.Abs(a), Math.Abs(b));

    /// <summary>Whether two rounds agree in throughput and, when it was measured, in server CPU per task.</summary>
    public bool Agrees(RoundFigures a, RoundFigures b) =>
        Agrees(a.PerSecond, b.PerSecond) && (a.CpuMsPerTask is not { } x || b.CpuMsPerTask is not { } y || Agrees(x, y));

    /// <summary>Whether the rounds so far are enough.</summary>
    public bool IsDone(IReadOnlyList<RoundFigures> rounds) => UntilStable
        ? rounds.Count >= MaxRounds || (rounds.Count >= 2 && Agrees(rounds[^2], rounds[^1]))
        : rounds.Count >= Count;

    /// <summary>
    /// The figure to report: the better (higher throughput) of the last two rounds, which for <c>stable</c> are the
    /// two that agreed (or the last two when none did within <c>MaxRounds</c>); for a fixed count this is the steady
    /// state that round 1 is compared with.
    /// </summary>
    public RoundsSummary Summarize(IReadOnlyList<RoundFigures> rounds)
    {
        if (rounds.Count == 0)
        {
            throw new ArgumentException("No rounds to summarize.", nameof(rounds));
        }
        var chosen = rounds.Count == 1 ? 0 : rounds[^1].PerSecond > rounds[^2].PerSecond ? rounds.Count - 1 : rounds.Count - 2;
        var steady = rounds[chosen];
        var stable = rounds.Count >= 2 && Agrees(rounds[^2], rounds[^1]);
        var first = rounds[0];
        return new RoundsSummary(
            chosen + 1,
            rounds.Count,
            stable,
            steady.PerSecond > 0 ? 100 * first.PerSecond / steady.PerSecond : 0,
            first.CpuMsPerTask is { } firstCpu && steady.CpuMsPerTask is { } steadyCpu && steadyCpu > 0 ? firstCpu / steadyCpu : null);
    }
}

/// <summary>One round's throughput and server CPU per task (null when no server process was given).</summary>
internal sealed record RoundFigures(double PerSecond, double? CpuMsPerTask);

/// <summary>
/// Which round was reported (1-based) out of how many, whether the last two agreed, round 1's throughput as a
/// percentage of that round's, and round 1's server CPU per task as a multiple of that round's.
/// </summary>
internal sealed record RoundsSummary(int ChosenRound, int Rounds, bool Stable, double FirstRoundPercent, double? FirstRoundCpuMultiple);
