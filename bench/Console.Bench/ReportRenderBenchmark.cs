using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using AdminConsole.Domain.Reports;
using AdminConsole.Jobs.Reports;
using AdminConsole.Jobs.Reports.Pdf;
using Microsoft.Extensions.Logging.Abstractions;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace AdminConsole.Bench;

/// <summary>
/// The audit report's table over 25k, 50k and 100k synthetic audit entries: <see cref="PdfReportRenderer"/> against
/// PDFsharp drawing the same rows at fixed positions with no layout logic. Each variant and size runs in a process of
/// its own, so that its peak working set is its own.
/// </summary>
internal static class ReportRenderBenchmark
{
    public const string ChildCommand = "report-render-child";

    private const int WarmUpRows = 2_000;
    private static readonly int[] Sizes = [25_000, 50_000, 100_000];

    public static async Task RunAsync()
    {
        Report.Section("Audit report rendering (PDFsharp 6.5.0; synthetic audit entries streamed as IAsyncEnumerable; one process per run)");
        Report.Line("| rows | variant | pages | seconds | pages/s | rows/s | file MiB | peak working set MiB | allocated MiB |");
        Report.Line("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        var ratios = new List<string>();
        var peaks = new List<string>();
        foreach (var rows in Sizes)
        {
            var layout = await RunChildAsync("layout", rows);
            var baseline = await RunChildAsync("baseline", rows);
            foreach (var result in new[] { layout, baseline })
            {
                Report.Line($"| {rows:#,0} | {result.Variant} | {result.Pages:#,0} | {result.Seconds:0.00} | {result.Pages / result.Seconds:0} | " +
                    $"{rows / result.Seconds:#,0} | {result.FileMiB:0.0} | {result.PeakMiB:0} | {result.AllocatedMiB:#,0} |");
            }

            ratios.Add($"{rows:#,0} rows {layout.Pages / layout.Seconds / (baseline.Pages / baseline.Seconds):0.00} (rows/s {baseline.Seconds / layout.Seconds:0.00})");
            peaks.Add($"{rows:#,0} rows {layout.PeakMiB:0} MiB");
        }

        Report.Line($"- renderer pages/s as a share of the no-layout baseline (goal >= 0.5; the renderer's pages also repeat the header): {string.Join(", ", ratios)}");
        Report.Line($"- renderer peak working set as the period grows: {string.Join(" -> ", peaks)}");
    }

    /// <summary>The child side: renders once (after a small warm-up) and prints one result line for the parent.</summary>
    public static async Task<int> RunChildAsync(string[] args)
    {
        var variant = args[0];
        var rows = int.Parse(args[1], CultureInfo.InvariantCulture);
        ReportFontResolver.EnsureInstalled(new ReportOptions(), NullLogger.Instance);
        var path = Path.Combine(Path.GetTempPath(), $"report-bench-{Environment.ProcessId}.pdf");
        try
        {
            await RenderAsync(variant, WarmUpRows, path);
            GC.Collect();
            var allocated = GC.GetTotalAllocatedBytes();
            var stopwatch = Stopwatch.StartNew();
            var pages = await RenderAsync(variant, rows, path);
            stopwatch.Stop();
            allocated = GC.GetTotalAllocatedBytes() - allocated;
            using var self = Process.GetCurrentProcess();
            self.Refresh();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT {pages} {stopwatch.Elapsed.TotalSeconds} {new FileInfo(path).Length} {self.PeakWorkingSet64} {allocated}"));
            return 0;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<ChildResult> RunChildAsync(string variant, int rows)
    {
        // Under `dotnet run` the bench is the apphost; under `dotnet Console.Bench.dll` the host needs the dll.
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("No process path.");
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ReportRenderBenchmark).Assembly.Location);
        }

        start.ArgumentList.Add(ChildCommand);
        start.ArgumentList.Add(variant);
        start.ArgumentList.Add(rows.ToString(CultureInfo.InvariantCulture));
        using var process = Process.Start(start) ?? throw new InvalidOperationException("The benchmark child did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var line = (await output).Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"The {variant} run over {rows} rows failed (exit {process.ExitCode}): {await error}");
        var f = line.Split(' ');
        double Number(int i) => double.Parse(f[i], CultureInfo.InvariantCulture);
        return new ChildResult(variant == "layout" ? "PdfReportRenderer" : "raw XGraphics baseline",
            (int)Number(1), Number(2), Number(3) / (1024 * 1024), Number(4) / (1024 * 1024), Number(5) / (1024 * 1024));
    }

    private static async Task<int> RenderAsync(string variant, int rows, string path)
    {
        await using var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite);
        if (variant == "layout")
        {
            var renderer = new PdfReportRenderer(new ReportOptions(), NullLogger<PdfReportRenderer>.Instance);
            // Columns as wide as their widest value: both variants draw one line per row, so their page counts compare.
            var table = new ReportTable("Audit entries",
            [
                new ReportColumn("Seq", 3.8, ReportAlign.Right),
                new ReportColumn("Time (UTC)", 8.7),
                new ReportColumn("Actor", 9.8),
                new ReportColumn("Action", 9.1),
                new ReportColumn("Target", 7.1),
                new ReportColumn("Workspace", 5.4),
                new ReportColumn("Hash", 4.4),
            ], Entries(rows), "No audit entries in the period.", rows);
            var document = new ReportDocument("Audit trail", "October 2026", [new ReportField("Entries", rows.ToString("#,0", CultureInfo.InvariantCulture))],
                [new ReportSection("Audit trail", [table])], "AdminConsole benchmark");
            var rendered = await renderer.RenderAsync(document, file, null, CancellationToken.None);
            return rendered.Pages;
        }

        return await BaselineAsync(rows, file);
    }

    /// <summary>PDFsharp with no layout: one line per row at fixed column positions, a new page when the page is full.</summary>
    private static async Task<int> BaselineAsync(int rows, Stream output)
    {
        using var pdf = new PdfDocument();
        pdf.Options.CompressContentStreams = true;
        var font = new XFont(ReportFontResolver.FamilyName, 7.5, XFontStyleEx.Regular);
        double[] columns = [59, 97, 184, 282, 373, 444, 498];
        const double LineHeight = 13.1;
        XGraphics? graphics = null;
        var y = double.MaxValue;
        try
        {
            await foreach (var row in Entries(rows))
            {
                if (y > 773)
                {
                    graphics?.Dispose();
                    graphics = XGraphics.FromPdfPage(pdf.AddPage());
                    y = 56;
                }

                for (var c = 0; c < row.Count; c++)
                {
                    graphics!.DrawString(row[c], font, XBrushes.Black, columns[c], y, XStringFormats.TopLeft);
                }

                y += LineHeight;
            }
        }
        finally
        {
            graphics?.Dispose();
        }

        var pages = pdf.PageCount;
        await pdf.SaveAsync(output, false);
        return pages;
    }

    /// <summary>Audit-like rows, made as they are read, as a database cursor would deliver them.</summary>
    private static async IAsyncEnumerable<IReadOnlyList<string>> Entries(int count, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string[] actors = ["alice@contoso.example", "bob@contoso.example", "svc-retention", "carla@contoso.example", "api:ci-pipeline"];
        string[] actions = ["policy.updated", "alert.acknowledged", "member.role.changed", "hook.rotated", "record.purged", "notice.published"];
        var start = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 1; i <= count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (i % 500 == 0)
            {
                // A keyset page boundary: the next page of the cursor is awaited.
                await Task.Yield();
            }

            var hash = unchecked((uint)i * 2654435761u);
            yield return
            [
                i.ToString("#,0", CultureInfo.InvariantCulture),
                start.AddSeconds(i * 26).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                actors[i % actors.Length],
                actions[i % actions.Length],
                $"policy/{i % 97}/rule/{i % 13}",
                $"ws-{i % 240:D3}",
                hash.ToString("x8", CultureInfo.InvariantCulture),
            ];
        }
    }

    private sealed record ChildResult(string Variant, int Pages, double Seconds, double FileMiB, double PeakMiB, double AllocatedMiB);
}
