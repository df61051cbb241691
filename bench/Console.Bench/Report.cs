using System.Runtime.InteropServices;

namespace AdminConsole.Bench;

internal static class Report
{
    public static void Header()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {cpu ?? "unknown CPU"}, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");
        Console.WriteLine($"date: {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
    }

    public static void Section(string title) => Console.WriteLine($"\n## {title}");

    public static void Line(string text) => Console.WriteLine(text);

    public static string Stats(IReadOnlyList<double> values, string unit)
    {
        var sorted = values.Order().ToList();
        var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        return $"median {median:0.0} {unit} (min {sorted[0]:0.0}, max {sorted[^1]:0.0}, n={sorted.Count})";
    }

    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>Resident set size of a process, from /proc.</summary>
    public static double RssMiB(int processId)
    {
        var line = File.ReadLines($"/proc/{processId}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kib = double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
        return kib / 1024;
    }
}
