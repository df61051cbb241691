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

    /// <summary>
    /// The live managed heap after a full GC, in MiB, read with dotnet-gcdump (its path in ADMINCONSOLE_BENCH_GCDUMP), or
    /// null when the tool is not given. Unlike RSS it does not move with the GC's own sizing of its heaps.
    /// </summary>
    public static async Task<double?> LiveHeapMiBAsync(int processId)
    {
        var tool = Environment.GetEnvironmentVariable("ADMINCONSOLE_BENCH_GCDUMP");
        if (string.IsNullOrEmpty(tool))
            return null;
        var dump = Path.Combine(Path.GetTempPath(), $"bench-{processId}-{Guid.NewGuid():N}.gcdump");
        try
        {
            await RunAsync(tool, $"collect -p {processId} -o {dump}");
            var report = await RunAsync(tool, $"report {dump}");
            var line = report.Split('\n').First(l => l.Contains("GC Heap bytes", StringComparison.Ordinal));
            var bytes = double.Parse(line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0].Replace(",", string.Empty, StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
            return bytes / (1024 * 1024);
        }
        finally
        {
            File.Delete(dump);
        }
    }

    private static async Task<string> RunAsync(string tool, string arguments)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }
}
