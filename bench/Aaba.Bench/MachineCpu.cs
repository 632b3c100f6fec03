using System.Globalization;

namespace Aaba.Bench;

/// <summary>The machine's CPU time from the first line of <c>/proc/stat</c>, in clock ticks summed over all cores.</summary>
internal readonly record struct MachineCpu(long TotalTicks, long BusyTicks, long StealTicks)
{
    public static MachineCpu Read()
    {
        using var reader = new StreamReader("/proc/stat");
        return Parse(reader.ReadLine() ?? "");
    }

    /// <summary>
    /// Parses <c>cpu user nice system idle iowait irq softirq steal [guest guest_nice]</c>. Guest time is already in
    /// user time, so it is not added again; busy is everything but idle and iowait.
    /// </summary>
    public static MachineCpu Parse(string line)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 9 || fields[0] != "cpu")
        {
            throw new FormatException($"Not the first line of /proc/stat: '{line}'.");
        }
        var ticks = fields[1..9].Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var total = ticks.Sum();
        return new MachineCpu(total, total - ticks[3] - ticks[4], ticks[7]);
    }
}
