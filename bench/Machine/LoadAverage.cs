using System.Globalization;

namespace SparseVila.Bench.Machine;

/// <summary>
/// The one-minute load average (runnable processes, Linux <c>/proc/loadavg</c>): on a shared machine,
/// how much other work competed with a benchmark's timings. Null where the file does not exist.
/// </summary>
public static class LoadAverage
{
    /// <summary>The current one-minute load average, or null off Linux.</summary>
    public static double? OneMinute()
    {
        const string path = "/proc/loadavg";
        if (!File.Exists(path))
        {
            return null;
        }

        var fields = File.ReadAllText(path).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 0 && double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var load) ? load : null;
    }
}
