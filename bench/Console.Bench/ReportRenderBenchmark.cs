using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using AdminConsole.Domain.Reports;
using AdminConsole.Jobs.Reports;
using AdminConsole.Jobs.Reports.Pdf;
using AdminConsole.Domain.Persistence;
using AdminConsole.TestSupport;
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
        await RunDatabaseAsync();
    }

    /// <summary>
    /// The whole audit report from a SQLite database holding a month of 25k/50k/100k real, hash-chained audit entries:
    /// the generator builds every section from the database, verifies the chain, streams the log in keyset pages,
    /// renders, hashes and archives the file. Each size is seeded first, then generated in a process of its own.
    /// </summary>
    private static async Task RunDatabaseAsync()
    {
        Report.Section("Audit report from the database (SQLite file; AuditReportGenerator end to end: every section, chain verification, keyset-paged log, render, SHA-256, archive)");
        Report.Line("| audit entries | variant | pages | seconds | pages/s | entries/s | file MiB | peak working set MiB | allocated MiB |");
        Report.Line("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        var ratios = new List<string>();
        var peaks = new List<string>();
        foreach (var rows in Sizes)
        {
            await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite, pooled: true);
            var seed = Stopwatch.StartNew();
            await database.MigrateAsync();
            await SeedAuditAsync(database, rows);
            seed.Stop();
            var result = await RunChildAsync("database", rows, database.ConnectionString);
            var baseline = await RunChildAsync("database-baseline", rows, database.ConnectionString);
            foreach (var (name, run) in new[] { ("whole report (AuditReportGenerator)", result), ("the same entries read and drawn with no layout", baseline) })
            {
                Report.Line($"| {rows:#,0} | {name} | {run.Pages:#,0} | {run.Seconds:0.00} | {run.Pages / run.Seconds:0} | {rows / run.Seconds:#,0} | " +
                    $"{run.FileMiB:0.0} | {run.PeakMiB:0} | {run.AllocatedMiB:#,0} |");
            }

            ratios.Add($"{rows:#,0} entries: pages/s {result.Pages / result.Seconds / (baseline.Pages / baseline.Seconds):0.00}, entries/s {baseline.Seconds / result.Seconds:0.00}");
            peaks.Add($"{rows:#,0} entries {result.PeakMiB:0} MiB (seeded in {seed.Elapsed.TotalSeconds:0} s)");
        }

        Report.Line($"- the whole report against the no-layout drawing of the same entries from the same database: {string.Join("; ", ratios)}");
        Report.Line($"- peak working set of the generating process as the period grows: {string.Join(" -> ", peaks)}");
    }

    /// <summary>Audit entries through the console's own chain writer, spread over October 2026, in batches of 5,000.</summary>
    private static async Task SeedAuditAsync(TestDatabase database, int rows)
    {
        var workspaces = new List<Guid>();
        await using (var db = database.CreateContext())
        {
            for (var i = 0; i < 20; i++)
            {
                var workspace = Domain.Model.Workspaces.Workspace.Create($"Workspace {i:00}", Domain.Model.Workspaces.Plan.Business, Domain.Model.Workspaces.DataRegion.EU, Start.AddDays(-30));
                db.Workspaces.Add(workspace);
                workspaces.Add(workspace.Id);
            }

            await db.SaveChangesAsync();
        }

        string[] actions = ["policy.updated", "alert.acknowledged", "member.role.changed", "hook.rotated", "page.deleted", "notice.published"];
        var step = TimeSpan.FromDays(30) / rows;
        for (var done = 0; done < rows;)
        {
            await using var db = database.CreateContext();
            var batch = Math.Min(5_000, rows - done);
            for (var i = 0; i < batch; i++, done++)
            {
                var actor = new Domain.Model.Audit.AuditActor($"user-{done % 7}", $"User {done % 7}", "Compliance.Officer", "10.0.0.1");
                db.Audit(actor, new Domain.Model.Audit.AuditRecord(actions[done % actions.Length], "Page", Guid.NewGuid().ToString(), workspaces[done % workspaces.Count], new { Before = done }, new { After = done }), Start + (step * done));
            }

            await db.SaveChangesAsync();
        }
    }

    private static readonly DateTimeOffset Start = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>October's audit entries, oldest first, in keyset pages of 500 on a fresh context each, as the report reads them.</summary>
    private static async IAsyncEnumerable<IReadOnlyList<string>> DatabaseRows(TestDatabase database)
    {
        var (from, to, after) = (Start, Start.AddMonths(1), 0L);
        while (true)
        {
            List<Domain.Model.Audit.AuditEntry> page;
            await using (var db = database.CreateContext())
            {
                page = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
                    Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AsNoTracking(db.AuditEntries)
                        .Where(e => e.At >= from && e.At < to && e.Sequence > after).OrderBy(e => e.Sequence).Take(500));
            }

            foreach (var e in page)
            {
                yield return
                [
                    e.Sequence.ToString(CultureInfo.InvariantCulture), e.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    e.ActorName, e.Action, e.TargetType + " " + e.TargetId[..8], e.WorkspaceId?.ToString("N")[..8] ?? "-", e.Hash[..12],
                ];
            }

            if (page.Count < 500)
                yield break;
            after = page[^1].Sequence;
        }
    }

    /// <summary>The child side of the database variant: asks for October's report over all workspaces and generates it.</summary>
    private static async Task<(int Pages, long Bytes)> GenerateAsync(string connectionString)
    {
        var database = TestDatabase.Attach(DatabaseProvider.Sqlite, connectionString);
        var clock = new FakeClock(new DateTimeOffset(2026, 11, 1, 3, 0, 0, TimeSpan.Zero));
        var factory = database.CreateFactory();
        var actor = new Domain.Model.Audit.AuditActor("bench", "Benchmark", "Compliance.Officer", null);
        var report = await new Domain.Commands.AuditReportCommands(factory, clock).RequestAsync(actor, null, new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31));
        var generator = new AuditReportGenerator(factory, new AuditReportBuilder(factory, new Jobs.Retention.RetentionOptions()),
            new PdfReportRenderer(new ReportOptions(), NullLogger<PdfReportRenderer>.Instance), clock, NullLogger<AuditReportGenerator>.Instance);
        var result = await generator.RunAsync(CancellationToken.None);
        if (result.Items != 1)
            throw new InvalidOperationException($"The report was not generated: {result.FirstError}");
        await using var db = database.CreateContext();
        var row = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.AuditReports, r => r.Id == report.Id);
        return (row.Pages!.Value, row.SizeBytes!.Value);
    }

    /// <summary>The child side: renders once (after a small warm-up) and prints one result line for the parent.</summary>
    public static async Task<int> RunChildAsync(string[] args)
    {
        var variant = args[0];
        var rows = int.Parse(args[1], CultureInfo.InvariantCulture);
        ReportFontResolver.EnsureInstalled(new ReportOptions(), NullLogger.Instance);

        // The database is seeded by the parent, and the generation is measured once (its first run includes start-up).
        if (variant == "database")
            return await MeasureAsync(() => GenerateAsync(args[2]));

        var path = Path.Combine(Path.GetTempPath(), $"report-bench-{Environment.ProcessId}.pdf");
        try
        {
            if (variant == "database-baseline")
            {
                // The same entries read from the same database in keyset pages, drawn with no layout logic.
                return await MeasureAsync(async () =>
                {
                    int pages;
                    await using (var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite))
                        pages = await BaselineAsync(DatabaseRows(TestDatabase.Attach(DatabaseProvider.Sqlite, args[2])), file);
                    return (pages, new FileInfo(path).Length);
                });
            }

            await RenderAsync(variant, WarmUpRows, path);
            return await MeasureAsync(async () => (await RenderAsync(variant, rows, path), new FileInfo(path).Length));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Runs <paramref name="run"/> once and prints the line the parent reads: pages, seconds, bytes, peak working set, bytes allocated.</summary>
    private static async Task<int> MeasureAsync(Func<Task<(int Pages, long Bytes)>> run)
    {
        GC.Collect();
        var allocated = GC.GetTotalAllocatedBytes();
        var stopwatch = Stopwatch.StartNew();
        var (pages, bytes) = await run();
        stopwatch.Stop();
        allocated = GC.GetTotalAllocatedBytes() - allocated;
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT {pages} {stopwatch.Elapsed.TotalSeconds} {bytes} {self.PeakWorkingSet64} {allocated}"));
        return 0;
    }

    private static async Task<ChildResult> RunChildAsync(string variant, int rows, string? connectionString = null)
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
        if (connectionString is not null)
            start.ArgumentList.Add(connectionString);
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

        return await BaselineAsync(Entries(rows), file);
    }

    /// <summary>PDFsharp with no layout: one line per row at fixed column positions, a new page when the page is full.</summary>
    private static async Task<int> BaselineAsync(IAsyncEnumerable<IReadOnlyList<string>> rows, Stream output)
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
            await foreach (var row in rows)
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
