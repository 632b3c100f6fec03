using System.Globalization;

namespace Aaba.Bench;

/// <summary>
/// One line of <c>/proc/&lt;pid&gt;/stat</c>: the CPU a process has used, in clock ticks. <c>utime</c>/<c>stime</c> sum
/// all of the process's threads (live and exited); <c>cutime</c>/<c>cstime</c> hold the CPU of children it has
/// reaped, so a worker process that exits inside a measured window still counts (through its parent).
/// </summary>
internal readonly record struct ProcStat(int Pid, string Command, int ParentPid, long UserTicks, long SystemTicks, long ChildUserTicks, long ChildSystemTicks)
{
    /// <summary>Linux reports these fields in USER_HZ, which is 100 on every architecture .NET runs on.</summary>
    public const double TicksPerSecond = 100;

    public long TotalTicks => UserTicks + SystemTicks + ChildUserTicks + ChildSystemTicks;

    /// <summary>Parses a stat line. The command name may hold spaces and parentheses, so fields are counted from the last ')'.</summary>
    public static ProcStat Parse(string line)
    {
        var open = line.IndexOf('(', StringComparison.Ordinal);
        var close = line.LastIndexOf(')');
        if (open < 1 || close < open)
        {
            throw new FormatException($"Not a /proc/<pid>/stat line: '{line}'.");
        }
        // After ") ": field 3 (state) is index 0, so field n is index n - 3.
        var fields = line[(close + 2)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 15)
        {
            throw new FormatException($"Too few fields in /proc/<pid>/stat line: '{line}'.");
        }
        long Field(int n) => long.Parse(fields[n - 3], CultureInfo.InvariantCulture);
        return new ProcStat(
            int.Parse(line.AsSpan(0, open).Trim(), CultureInfo.InvariantCulture),
            line[(open + 1)..close],
            (int)Field(4), Field(14), Field(15), Field(16), Field(17));
    }

    /// <summary>Every process visible in <c>/proc</c> (one that exits while being read is skipped).</summary>
    public static List<ProcStat> ReadAll()
    {
        var all = new List<ProcStat>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                continue;
            }
            try
            {
                all.Add(Parse(File.ReadAllText(Path.Combine(directory, "stat"))));
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return all;
    }

    /// <summary>The process <paramref name="root"/> and all its descendants; null when the root is not running.</summary>
    public static List<ProcStat>? Tree(IReadOnlyList<ProcStat> all, int root)
    {
        if (!all.Any(p => p.Pid == root))
        {
            return null;
        }
        var children = all.ToLookup(p => p.ParentPid);
        var tree = new List<ProcStat>();
        var pending = new Queue<ProcStat>(all.Where(p => p.Pid == root));
        var seen = new HashSet<int>();
        while (pending.TryDequeue(out var process))
        {
            if (!seen.Add(process.Pid))
            {
                continue;
            }
            tree.Add(process);
            foreach (var child in children[process.Pid])
            {
                pending.Enqueue(child);
            }
        }
        return tree;
    }
}
