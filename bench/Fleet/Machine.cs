using System.Globalization;

namespace TenantRegistry.Fleet;

internal static class Machine
{
    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    /// <summary>User + system CPU time of a process so far, in seconds (fields 14 and 15 of /proc/PID/stat, in clock ticks).</summary>
    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // Fields counted from 3 (state) after the command name: utime is field 14, stime field 15.
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks / 100.0;
    }

    /// <summary>The value at <paramref name="fraction"/> of <paramref name="sorted"/> (nearest rank), rounded to 0.1.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double fraction) =>
        sorted.Count == 0 ? double.NaN : Math.Round(sorted[(int)Math.Ceiling(fraction * sorted.Count) - 1], 1);
}
