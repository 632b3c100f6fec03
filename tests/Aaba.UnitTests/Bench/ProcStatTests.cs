using Aaba.Bench;

namespace Aaba.UnitTests.Bench;

/// <summary>Server CPU is read from /proc: the parsing and the process-tree walk, on fixed lines.</summary>
public sealed class ProcStatTests
{
    private static string Line(int pid, string command, int parent, long user, long system, long childUser = 0, long childSystem = 0) =>
        $"{pid} ({command}) S {parent} {pid} {pid} 0 -1 4194560 100 0 0 0 {user} {system} {childUser} {childSystem} 20 0 4 0 100 1000 200";

    [Fact]
    public void Fields_are_counted_from_the_last_parenthesis()
    {
        var stat = ProcStat.Parse(Line(42, "celery (worker) 1", 7, 120, 30, 5, 2));

        Assert.Equal(new ProcStat(42, "celery (worker) 1", 7, 120, 30, 5, 2), stat);
        Assert.Equal(157, stat.TotalTicks);
    }

    [Fact]
    public void A_line_without_a_command_is_refused() =>
        Assert.Throws<FormatException>(() => ProcStat.Parse("42 S 7 1 2"));

    [Fact]
    public void A_tree_holds_the_root_and_all_its_descendants_only()
    {
        List<ProcStat> all =
        [
            ProcStat.Parse(Line(1, "init", 0, 1, 1)),
            ProcStat.Parse(Line(10, "python3", 1, 100, 10)),
            ProcStat.Parse(Line(11, "python3", 10, 200, 20)),
            ProcStat.Parse(Line(12, "python3", 10, 300, 30)),
            ProcStat.Parse(Line(13, "python3", 12, 400, 40)),
            ProcStat.Parse(Line(20, "redis-server", 1, 50, 5)),
        ];

        var tree = ProcStat.Tree(all, 10)!;

        Assert.Equal([10, 11, 12, 13], tree.Select(p => p.Pid).Order());
        Assert.Equal(1100, tree.Sum(p => p.TotalTicks));
        Assert.Null(ProcStat.Tree(all, 99));
    }

    [Fact]
    public void This_process_can_be_read_from_proc()
    {
        var all = ProcStat.ReadAll();

        var self = Assert.Single(ProcStat.Tree(all, Environment.ProcessId)!, p => p.Pid == Environment.ProcessId);
        Assert.True(self.UserTicks + self.SystemTicks > 0);
    }

    [Fact]
    public void The_machine_line_splits_busy_idle_and_steal()
    {
        var machine = MachineCpu.Parse("cpu  100 5 50 1000 20 3 2 7 11 0");

        Assert.Equal(1187, machine.TotalTicks);
        Assert.Equal(167, machine.BusyTicks);
        Assert.Equal(7, machine.StealTicks);
    }

    [Fact]
    public void Server_processes_are_named_pids()
    {
        Assert.Equal(
            [new ServerProcess("redis", 12), new ServerProcess("api", 34)],
            ServerProcess.ParseList("redis=12, api=34"));
        Assert.Empty(ServerProcess.ParseList(""));
        Assert.Throws<ArgumentException>(() => ServerProcess.ParseList("redis:12"));
    }
}
