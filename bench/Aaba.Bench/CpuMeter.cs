using System.Diagnostics;

namespace Aaba.Bench;

/// <summary>
/// Server CPU for a measured window: each named server process is read from <c>/proc</c> with all its descendants
/// (uvicorn and Celery workers, the app under <c>dotnet run</c>), before and after the window. The generator's own CPU is
/// read the same way and kept apart, so a reader sees it is excluded from the server figures.
/// </summary>
internal sealed class CpuMeter(IReadOnlyList<ServerProcess> servers)
{
    public bool Enabled => servers.Count > 0;

    public CpuSnapshot Take()
    {
        var all = ProcStat.ReadAll();
        var groups = new Dictionary<string, (long Ticks, int Processes)>(StringComparer.Ordinal);
        foreach (var server in servers)
        {
            var tree = ProcStat.Tree(all, server.Pid)
                ?? throw new InvalidOperationException($"Server process {server.Name} (pid {server.Pid}) is not running.");
            groups[server.Name] = (tree.Sum(p => p.TotalTicks), tree.Count);
        }
        var self = ProcStat.Tree(all, Environment.ProcessId) ?? [];
        return new CpuSnapshot(Stopwatch.GetTimestamp(), groups, self.Sum(p => p.TotalTicks), MachineCpu.Read());
    }

    /// <summary>What each server process group and the generator used between two snapshots.</summary>
    public static CpuUsage Between(CpuSnapshot before, CpuSnapshot after)
    {
        var groups = new SortedDictionary<string, ProcessGroupCpu>(StringComparer.Ordinal);
        foreach (var (name, (ticks, processes)) in after.Groups)
        {
            var start = before.Groups.TryGetValue(name, out var b) ? b.Ticks : 0;
            groups[name] = new ProcessGroupCpu((ticks - start) / ProcStat.TicksPerSecond, processes);
        }
        var server = groups.Values.Sum(g => g.Seconds);
        var generator = (after.GeneratorTicks - before.GeneratorTicks) / ProcStat.TicksPerSecond;
        var busy = (after.Machine.BusyTicks - before.Machine.BusyTicks) / ProcStat.TicksPerSecond;
        return new CpuUsage(
            server,
            groups,
            generator,
            Stopwatch.GetElapsedTime(before.Timestamp, after.Timestamp).TotalSeconds)
        {
            MachineSeconds = (after.Machine.TotalTicks - before.Machine.TotalTicks) / ProcStat.TicksPerSecond,
            MachineBusySeconds = busy,
            OtherSeconds = Math.Max(0, busy - server - generator),
            StealSeconds = (after.Machine.StealTicks - before.Machine.StealTicks) / ProcStat.TicksPerSecond,
        };
    }
}

/// <summary>A server process to account for, by name: its pid is the root of a process tree.</summary>
internal sealed record ServerProcess(string Name, int Pid)
{
    /// <summary>Parses <c>name=pid,name=pid</c> (an empty string: none).</summary>
    public static IReadOnlyList<ServerProcess> ParseList(string value) => value
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(item => item.Split('=', 2) is [var name, var pid] && int.TryParse(pid, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) && name.Length > 0
            ? new ServerProcess(name, id)
            : throw new ArgumentException($"Expected name=pid in --pids, got '{item}'."))
        .ToList();
}

internal sealed record CpuSnapshot(long Timestamp, IReadOnlyDictionary<string, (long Ticks, int Processes)> Groups, long GeneratorTicks, MachineCpu Machine);

/// <summary>CPU seconds used by one server process and its descendants, and how many processes that tree had at the end.</summary>
internal sealed record ProcessGroupCpu(double Seconds, int Processes);

/// <summary>
/// CPU seconds of a window: all server processes, each of them, and the generator (not included in the server
/// figure); and the whole machine, so a reader sees how much of it other work (<c>Other</c>: busy minus server minus
/// generator) and the hypervisor (<c>Steal</c>) took during the window.
/// </summary>
internal sealed record CpuUsage(double ServerSeconds, SortedDictionary<string, ProcessGroupCpu> Servers, double GeneratorSeconds, double WallSeconds)
{
    public double MachineSeconds { get; init; }
    public double MachineBusySeconds { get; init; }
    public double OtherSeconds { get; init; }
    public double StealSeconds { get; init; }
}
