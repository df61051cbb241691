using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using AdminConsole.Domain.Reports;
using AdminConsole.Jobs.Reports;
using AdminConsole.Jobs.Reports.Pdf;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace AdminConsole.Jobs.Tests.Reports;

public sealed partial class PdfReportRendererTests : IDisposable
{
    private const string Awkward = "Zoë & <Ops> \"quoted\" 'single' ü 中 ✓";
    private const int TableRows = 500;

    private readonly string _directory = Directory.CreateTempSubdirectory("report-tests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Render_EveryBlockKind_ReadsBackWithSectionsFiguresRowsHeadersOnEveryTablePageAndPageXOfY()
    {
        var path = Path.Combine(_directory, "report.pdf");
        var rows = new OnceRows(TableRows);
        RenderedReport rendered;
        await using (var file = File.Create(path))
        {
            rendered = await Renderer().RenderAsync(FullDocument(rows), file, null, CancellationToken.None);
        }

        Assert.Equal(1, rows.Enumerations);
        Assert.False(rendered.IsSigned);
        Assert.Null(rendered.Signer);
        var check = PdfTools.Run("qpdf", "--check", path);
        Assert.True(check.ExitCode == 0, $"qpdf --check: {check.Output} {check.Error}");

        var pageCount = PdfTools.PageCount(path);
        Assert.Equal(pageCount, rendered.Pages);
        Assert.True(pageCount >= 8, $"500 rows should run over several pages, got {pageCount} pages.");
        var pages = PdfTools.PagesText(path);
        Assert.Equal(pageCount, pages.Count);
        var all = string.Join('\n', pages);

        Assert.Contains("AI trust & compliance <audit>", pages[0]);
        Assert.Contains("This document is not digitally signed.", pages[0]);
        Assert.Contains("Contents", pages[1]);
        foreach (var title in new[] { "1. Summary", "2. DLP alerts", "3. Nothing to report" })
        {
            // The contents line gives the page the section starts on.
            var entry = pages[1].Split('\n').Single(l => l.Contains(title, StringComparison.Ordinal));
            var page = int.Parse(entry.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1], CultureInfo.InvariantCulture);
            Assert.Contains(title, pages[page - 1]);
        }

        Assert.Contains("Workspaces in scope", all);
        Assert.Contains("1,204", all);
        Assert.Contains("3 open", all);
        Assert.Contains("DLP alerts per week", all);
        Assert.Contains("Secret key", all);
        Assert.Contains("No data in the period", all);
        Assert.Contains("No alerts in the period.", all);

        // Database text is drawn as text: markup characters survive, a character the font lacks is replaced.
        Assert.Contains("Zoë & <Ops> \"quoted\" 'single' ü", all);
        Assert.Contains("✓", all);
        Assert.DoesNotContain("中", all);

        Assert.Contains("R-00001", all);
        Assert.Contains($"R-{TableRows:D5}", all);
        Assert.Contains("LONG-CELL-START", all);
        Assert.DoesNotContain("LONG-CELL-END", all);
        var tablePages = pages.Where(p => p.Contains("R-0", StringComparison.Ordinal)).ToList();
        Assert.True(tablePages.Count >= 5, $"The table should run over several pages, found it on {tablePages.Count}.");
        Assert.All(tablePages, p =>
        {
            Assert.Contains("Sequence", p);
            Assert.Contains("Target", p);
        });

        for (var i = 0; i < pageCount; i++)
        {
            Assert.Contains($"Page {i + 1} of {pageCount}", pages[i]);
            Assert.Contains("Contoso Ltd", pages[i]);
        }

        // Each row appears once and in order: none lost or duplicated at a page break.
        var sequences = RowNumber().Matches(all).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(1, TableRows), sequences);

        var screenshots = Path.Combine(PdfTools.RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(screenshots);
        for (var page = 1; page <= 3; page++)
        {
            var target = Path.Combine(screenshots, $"report-page-{page}");
            var shot = PdfTools.Run("pdftoppm", "-png", "-r", "60", "-f", $"{page}", "-l", $"{page}", "-singlefile", path, target);
            Assert.True(shot.ExitCode == 0, $"pdftoppm: {shot.Error}");
            Assert.True(new FileInfo(target + ".png").Length > 1000);
        }
    }

    [Fact]
    public async Task Render_TableTooWideForAPortraitPage_RunsOnLandscapePages_WithEveryValueWholeOnItsRowsLine()
    {
        const int Rows = 120;
        string[] names =
        [
            "Northwind Analytics: Worldwide Marketing & Media Measurement",
            "Woodgrove Bank Wealth Management, Mergers & Acquisitions (W)",
        ];
        static IReadOnlyList<string> Row(int i, string[] names) =>
        [
            (1_000_000 + i).ToString(CultureInfo.InvariantCulture),
            new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(i * 7).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            i % 2 == 0 ? "subprocessor.notice.published" : "page.deleted",
            names[i % 2],
            Convert.ToHexStringLower(SHA256.HashData(BitConverter.GetBytes(i)))[..12],
            (i % 4).ToString(CultureInfo.InvariantCulture),
            $"Hold {i} for the Contoso matter, ticket LEGAL-2026-{i} opened 2026-10-02 09:15 UTC by the legal team",
        ];
        var table = new ReportTable("Audit entries",
        [
            new ReportColumn("#", 0.8, ReportAlign.Right) { Wrap = ReportWrap.Never },
            new ReportColumn("At (UTC)", 1.9) { Wrap = ReportWrap.Never },
            new ReportColumn("Action", 2.1) { Wrap = ReportWrap.Never },
            new ReportColumn("Workspace", 1.6) { Wrap = ReportWrap.Never },
            new ReportColumn("Hash", 1.4) { Wrap = ReportWrap.Never },
            new ReportColumn("Objections", 0.5, ReportAlign.Right),
            new ReportColumn("Reason", 3),
        ], AsyncRows(Enumerable.Range(1, Rows).Select(i => Row(i, names))), "No entries.", Rows);
        var path = Path.Combine(_directory, "wide.pdf");
        await using (var file = File.Create(path))
        {
            await Renderer().RenderAsync(Document(new ReportSection("Wide", [new ReportParagraph("Before the table."), table, new ReportParagraph("After the table.")])), file, null, CancellationToken.None);
        }

        var pages = PdfTools.PagesText(path);
        var sizes = PdfTools.PageSizes(path);
        var lines = pages.SelectMany(p => p.Split('\n')).ToList();
        for (var i = 1; i <= Rows; i++)
        {
            var row = Row(i, names).Take(5).ToArray();
            Assert.True(lines.Any(l => row.All(v => l.Contains(v, StringComparison.Ordinal))), $"Row {i} is not whole on one line: {string.Join(" | ", row)}");
        }

        // Free text wraps between words, and a time in it stays with its date.
        Assert.All(Enumerable.Range(1, Rows), i => Assert.Contains(lines, l => l.Contains($"LEGAL-2026-{i}", StringComparison.Ordinal)));
        Assert.Equal(Rows, lines.Count(l => l.Contains("2026-10-02 09:15 UTC", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.Contains("Objections", StringComparison.Ordinal));

        // The table's pages are landscape, each with the header; the text before and after it is on portrait pages.
        var tablePages = Enumerable.Range(0, pages.Count).Where(p => pages[p].Contains("1000", StringComparison.Ordinal)).ToList();
        Assert.True(tablePages.Count >= 2, $"{Rows} rows should run over several landscape pages, found {tablePages.Count}.");
        Assert.All(tablePages, p =>
        {
            Assert.True(sizes[p].Width > sizes[p].Height, $"Page {p + 1} ({sizes[p]}) holds the table but is not landscape.");
            Assert.Contains("Workspace", pages[p]);
            Assert.Contains($"Page {p + 1} of {pages.Count}", pages[p]);
        });
        var before = pages.FindIndex(p => p.Contains("Before the table.", StringComparison.Ordinal));
        var after = pages.FindIndex(p => p.Contains("After the table.", StringComparison.Ordinal));
        Assert.True(sizes[before].Width < sizes[before].Height && sizes[after].Width < sizes[after].Height);
        Assert.True(after > tablePages[^1]);
    }

    [Fact]
    public async Task Render_NumberThatNeverWrapsWiderThanTheRowsReadAhead_IsStillWholeOnOneLine()
    {
        // The log passes entry #999,999 after the rows read ahead, and the builder did not say how far it goes.
        var rows = Enumerable.Range(999_801, 400).Select(i => (IReadOnlyList<string>)[i.ToString(CultureInfo.InvariantCulture), $"R-{i}", "A note of a few words."]);
        var table = new ReportTable(null,
            [new ReportColumn("#", 0.5, ReportAlign.Right) { Wrap = ReportWrap.Never }, new ReportColumn("Row", 1), new ReportColumn("Note", 4)],
            AsyncRows(rows), "No rows.", 400);
        var path = Path.Combine(_directory, "late.pdf");
        await using (var file = File.Create(path))
        {
            await Renderer().RenderAsync(Document(new ReportSection("Late", [table])), file, null, CancellationToken.None);
        }

        var lines = PdfTools.PagesText(path).SelectMany(p => p.Split('\n')).ToList();
        Assert.All(Enumerable.Range(999_801, 400), i => Assert.Contains(lines, l => Regex.IsMatch(l, $@"\b{i}\s+R-{i}\b")));
    }

    [Fact]
    public async Task Render_WithPfxCertificate_PdfsigFindsAValidSignature_AndAChangedByteInvalidatesIt()
    {
        var pfx = CreatePfx("correct horse");
        var options = new ReportOptions { Signing = { CertificatePath = pfx, CertificatePassword = "correct horse", Reason = "Audit & review", Location = "Zürich" } };
        var path = Path.Combine(_directory, "signed.pdf");

        // A non-seekable destination (an HTTP response) gets the same signed bytes.
        var output = new MemoryStream();
        var rendered = await Renderer(options).RenderAsync(SmallDocument(), new ForwardOnlyStream(output), null, CancellationToken.None);
        await File.WriteAllBytesAsync(path, output.ToArray());

        Assert.True(rendered.IsSigned);
        Assert.Equal("CN=AdminConsole Test Signer, O=AdminConsole Tests", rendered.Signer);
        Assert.Equal(0, PdfTools.Run("qpdf", "--check", path).ExitCode);
        Assert.Contains("digitally signed by CN=AdminConsole Test Signer", PdfTools.PagesText(path)[0]);
        var signature = PdfTools.Run("pdfsig", path);
        Assert.Contains("Signature #1", signature.Output);
        Assert.Contains("Signature Validation: Signature is Valid.", signature.Output);
        Assert.Contains("AdminConsole Test Signer", signature.Output);
        Assert.Contains("Total document signed", signature.Output);

        var bytes = await File.ReadAllBytesAsync(path);
        var tampered = Path.Combine(_directory, "tampered.pdf");
        var at = SignedContentStreamOffset(bytes);
        bytes[at] ^= 0x01;
        await File.WriteAllBytesAsync(tampered, bytes);
        var after = PdfTools.Run("pdfsig", tampered);
        Assert.DoesNotContain("Signature is Valid.", after.Output);
        Assert.Contains("Signature Validation: Signature is Invalid.", after.Output);
    }

    [Fact]
    public async Task Render_WithWrongCertificatePassword_FailsNamingThePasswordSetting_NotThePassword()
    {
        var pfx = CreatePfx("the right one");
        var options = new ReportOptions { Signing = { CertificatePath = pfx, CertificatePassword = "s3cr3t-but-wrong" } };

        var error = await Assert.ThrowsAsync<ReportConfigurationException>(
            () => Renderer(options).RenderAsync(SmallDocument(), new MemoryStream(), null, CancellationToken.None));

        Assert.Contains("CertificatePassword", error.Message);
        Assert.Contains(pfx, error.Message);
        Assert.DoesNotContain("s3cr3t-but-wrong", error.ToString());
    }

    [Fact]
    public async Task Render_WithMissingCertificateFile_FailsNamingTheFile()
    {
        var missing = Path.Combine(_directory, "nowhere", "signer.pfx");
        var options = new ReportOptions { Signing = { CertificatePath = missing, CertificatePassword = "x" } };

        var error = await Assert.ThrowsAsync<ReportConfigurationException>(
            () => Renderer(options).RenderAsync(SmallDocument(), new MemoryStream(), null, CancellationToken.None));

        Assert.Contains(missing, error.Message);
        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public async Task Render_WithCertificateWithoutPrivateKey_FailsSayingSo()
    {
        using var key = RSA.Create(2048);
        using var certificate = new CertificateRequest("CN=Public Only", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        using var publicOnly = X509CertificateLoader.LoadCertificate(certificate.Export(X509ContentType.Cert));
        var path = Path.Combine(_directory, "public-only.pfx");
        await File.WriteAllBytesAsync(path, publicOnly.Export(X509ContentType.Pfx, "pw"));
        var options = new ReportOptions { Signing = { CertificatePath = path, CertificatePassword = "pw" } };

        var error = await Assert.ThrowsAsync<ReportConfigurationException>(
            () => Renderer(options).RenderAsync(SmallDocument(), new MemoryStream(), null, CancellationToken.None));

        Assert.Contains("no private key", error.Message);
    }

    [Fact]
    public async Task Render_WithUnknownThumbprint_FailsNamingTheThumbprintAndStore()
    {
        var options = new ReportOptions { Signing = { CertificateThumbprint = "00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF 00 11 22 33" } };

        var error = await Assert.ThrowsAsync<ReportConfigurationException>(
            () => Renderer(options).RenderAsync(SmallDocument(), new MemoryStream(), null, CancellationToken.None));

        Assert.Contains("00112233445566778899AABBCCDDEEFF00112233", error.Message);
        Assert.Contains("CurrentUser/My", error.Message);
    }

    [Fact]
    public async Task Render_Unsigned_PdfsigFindsNoSignature()
    {
        var path = Path.Combine(_directory, "unsigned.pdf");
        RenderedReport rendered;
        await using (var file = File.Create(path))
        {
            rendered = await Renderer().RenderAsync(SmallDocument(), file, null, CancellationToken.None);
        }

        Assert.False(rendered.IsSigned);
        var signature = PdfTools.Run("pdfsig", path);
        Assert.Contains("does not contain any signatures", signature.Output + signature.Error);
    }

    [Fact]
    public async Task Render_ReportsProgressEvery200Rows_AndFinallyAllRowsYieldedAndThePageCount()
    {
        var progress = new RecordingProgress();
        var output = new MemoryStream();

        var rendered = await Renderer().RenderAsync(FullDocument(new OnceRows(TableRows)), output, progress, CancellationToken.None);

        Assert.Equal([200, 400], progress.Reports.SkipLast(1).Select(r => r.RowsDrawn));
        Assert.Equal(new ReportProgress(TableRows + 1, rendered.Pages), progress.Reports[^1]);
        Assert.True(progress.Reports[0].Pages < progress.Reports[1].Pages);
    }

    [Fact]
    public async Task Render_CancelledWhileDrawingRows_StopsReadingRowsAndThrows()
    {
        using var cancellation = new CancellationTokenSource();
        var rows = new OnceRows(100_000, onYield: i =>
        {
            if (i == 300)
            {
                cancellation.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Renderer().RenderAsync(Document(new ReportSection("Rows", [Table(rows)])), new MemoryStream(), null, cancellation.Token));

        Assert.InRange(rows.Yielded, 300, 301);
    }

    [Fact]
    public void AddPdfReports_RegistersThePdfRendererWithDefaultOptions()
    {
        using var provider = new ServiceCollection().AddPdfReports().BuildServiceProvider();

        var renderer = provider.GetRequiredService<IReportRenderer>();

        Assert.IsType<PdfReportRenderer>(renderer);
        Assert.Same(renderer, provider.GetRequiredService<IReportRenderer>());
        Assert.Equal("application/pdf", renderer.ContentType);
        Assert.False(provider.GetRequiredService<ReportOptions>().Signing.IsConfigured);
    }

    private static PdfReportRenderer Renderer(ReportOptions? options = null) =>
        new(options ?? new ReportOptions(), NullLogger<PdfReportRenderer>.Instance);

    private static ReportDocument Document(params ReportSection[] sections) =>
        new("AI trust & compliance <audit> report", "1 October 2026 – 31 October 2026", [new ReportField("Period", "October 2026")], sections, "AdminConsole · Contoso Ltd · Confidential");

    private static ReportDocument SmallDocument() =>
        Document(new ReportSection("Summary", [new ReportParagraph("One workspace, nothing unusual."), Table(new OnceRows(20))]));

    private static ReportDocument FullDocument(OnceRows rows)
    {
        var summary = new ReportSection("Summary",
        [
            new ReportParagraph(
                "This report covers every workspace of Contoso Ltd in October 2026: the AI providers used, the data loss prevention alerts raised " +
                "and how they were handled, and the audit trail of administrative actions. Figures are computed from the console's database at " +
                "the time of generation; the audit trail is complete for the period.\nA second paragraph line starts after an explicit break."),
            new ReportParagraph("All subprocessors were authorized before use.", ReportTone.Good),
            new ReportParagraph("Two DLP alerts stayed open longer than the 7-day target.", ReportTone.Warning),
            new ReportParagraph("One AI provider retained prompts beyond the agreed period.", ReportTone.Bad),
            new ReportParagraph("Generated automatically; no manual edits.", ReportTone.Muted),
            new ReportFigures(
            [
                new ReportFigure("Workspaces in scope", "12"),
                new ReportFigure("Alerts", "1,204", "3 open", ReportTone.Warning),
                new ReportFigure("Subprocessors", "9", "all authorized", ReportTone.Good),
                new ReportFigure("Breaches", "1", "provider retention", ReportTone.Bad),
                new ReportFigure("Audit entries", "500", Awkward),
                new ReportFigure("Policies", "4", "unchanged"),
            ]),
            new ReportParagraph($"Prepared for {Awkward}."),
        ]);
        string[] weeks = ["2026-W40", "2026-W41", "2026-W42", "2026-W43", "2026-W44"];
        var alerts = new ReportSection("DLP alerts",
        [
            new ReportSubheading("Alerts per week by detector"),
            new ReportBarChart("DLP alerts per week", weeks,
            [
                new ReportSeries("Secret key", [12, 30, 22, 8, 15]),
                new ReportSeries("Credit card", [5, 4, 9, 12, 3]),
                new ReportSeries("E-mail address", [20, 18, 25, 30, 22]),
                new ReportSeries("Custom: project codename", [0, 2, 1, 0, 6]),
            ], "alerts"),
            Table(rows),
        ]);
        var empty = new ReportSection("Nothing to report",
        [
            new ReportTable("Open legal holds", [new ReportColumn("Hold"), new ReportColumn("Since")], EmptyRows(), "No alerts in the period.", 0),
            new ReportBarChart("Alerts per day", ["Mon", "Tue", "Wed"], [new ReportSeries("Secret key", [0, 0, 0])], "alerts"),
            new ReportTable("Last word", [new ReportColumn("Note")], OneRow(), "none", 1),
        ]);
        return new ReportDocument(
            "AI trust & compliance <audit> report",
            "1 October 2026 – 31 October 2026",
            [
                new ReportField("Period", "1 October 2026 – 31 October 2026 (UTC)"),
                new ReportField("Scope", "All 12 workspaces of Contoso Ltd"),
                new ReportField("Generated at", "2026-11-01 06:00 UTC"),
                new ReportField("Generated by", Awkward),
                new ReportField("Report id", "rpt_01JC4Z3M8Q"),
            ],
            [summary, alerts, empty],
            "AdminConsole · Contoso Ltd · Confidential");
    }

    private static ReportTable Table(OnceRows rows) => new(
        "Audit entries",
        [
            new ReportColumn("Sequence", 0.8),
            new ReportColumn("Time (UTC)", 1.3),
            new ReportColumn("Actor", 1.4),
            new ReportColumn("Action", 1.2),
            new ReportColumn("Target", 2.2),
            new ReportColumn("Items", 0.6, ReportAlign.Right),
        ],
        rows,
        "No audit entries in the period.",
        rows.Count);

    private static async IAsyncEnumerable<IReadOnlyList<string>> EmptyRows()
    {
        await Task.CompletedTask;
        yield break;
    }

    private static async IAsyncEnumerable<IReadOnlyList<string>> AsyncRows(IEnumerable<IReadOnlyList<string>> rows)
    {
        foreach (var row in rows)
        {
            await Task.Yield();
            yield return row;
        }
    }

    private static async IAsyncEnumerable<IReadOnlyList<string>> OneRow()
    {
        await Task.Yield();
        yield return ["The end."];
    }

    /// <summary>The ByteRange-covered offset of a byte inside the first page's content stream.</summary>
    private static int SignedContentStreamOffset(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var range = ByteRange().Match(text);
        Assert.True(range.Success, "No /ByteRange in the signed file.");
        var gapStart = long.Parse(range.Groups[2].Value, CultureInfo.InvariantCulture);
        var gapEnd = long.Parse(range.Groups[3].Value, CultureInfo.InvariantCulture);
        var stream = text.IndexOf("stream\n", StringComparison.Ordinal);
        Assert.True(stream > 0, "No stream in the file.");
        var at = stream + "stream\n".Length + 8;
        Assert.True(at < gapStart || at >= gapEnd, "The chosen byte must be one the signature covers.");
        return at;
    }

    private static string CreatePfx(string password)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=AdminConsole Test Signer, O=AdminConsole Tests", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, critical: true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(Path.GetTempPath(), $"report-signer-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return path;
    }

    [GeneratedRegex(@"R-(\d{5})\b")]
    private static partial Regex RowNumber();

    [GeneratedRegex(@"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]")]
    private static partial Regex ByteRange();

    /// <summary>Audit-like rows that may be enumerated once only, as a database cursor would be.</summary>
    private sealed class OnceRows(int count, Action<int>? onYield = null) : IAsyncEnumerable<IReadOnlyList<string>>
    {
        public int Count => count;

        public int Enumerations { get; private set; }

        public int Yielded { get; private set; }

        public IAsyncEnumerator<IReadOnlyList<string>> GetAsyncEnumerator(CancellationToken cancellationToken = default)
        {
            Enumerations++;
            Assert.Equal(1, Enumerations);
            return Enumerate(cancellationToken).GetAsyncEnumerator(cancellationToken);
        }

        private async IAsyncEnumerable<IReadOnlyList<string>> Enumerate([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var start = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
            for (var i = 1; i <= count; i++)
            {
                if (i % 50 == 0)
                {
                    await Task.Yield();
                }

                Yielded = i;
                onYield?.Invoke(i);
                var target = i switch
                {
                    250 => "LONG-CELL-START " + string.Concat(Enumerable.Repeat("a very long note typed into a free-text field ", 44)) + "LONG-CELL-END",
                    7 => Awkward,
                    _ => $"workspace/{i % 12}/policy/{i % 7}",
                };
                yield return
                [
                    $"R-{i:D5}",
                    start.AddMinutes(i * 7).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                    i % 5 == 0 ? "Zoë Ops" : $"admin{i % 9}@contoso.example",
                    i % 3 == 0 ? "policy.updated" : "alert.acknowledged",
                    target,
                    (i * 37 % 1000).ToString("#,0", CultureInfo.InvariantCulture),
                ];
            }
        }
    }

    private sealed class RecordingProgress : IProgress<ReportProgress>
    {
        public List<ReportProgress> Reports { get; } = [];

        public void Report(ReportProgress value) => Reports.Add(value);
    }

    /// <summary>A response body: written forwards only.</summary>
    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
