using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using AdminConsole.Domain.Reports;
using Microsoft.Extensions.Logging;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Signatures;

namespace AdminConsole.Jobs.Reports.Pdf;

/// <summary>
/// Renders a <see cref="ReportDocument"/> as an A4 PDF with PDFsharp and a small layout of its own: a cover, a page of
/// contents, the numbered sections, and "Page X of Y" footers. Table rows are drawn as they are read, so memory
/// holds the PDF being built but never the table. When <see cref="ReportOptions.Signing"/> is configured the file
/// carries a digital signature over all of its bytes.
/// </summary>
public sealed partial class PdfReportRenderer : IReportRenderer
{
    private readonly ReportOptions _options;
    private readonly ILogger<PdfReportRenderer> _logger;

    public PdfReportRenderer(ReportOptions options, ILogger<PdfReportRenderer> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options;
        _logger = logger;
    }

    /// <inheritdoc />
    public string ContentType => "application/pdf";

    /// <inheritdoc />
    public async Task<RenderedReport> RenderAsync(ReportDocument document, Stream output, IProgress<ReportProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(output);
        var fonts = ReportFontResolver.EnsureInstalled(_options, _logger);

        // A misconfigured certificate fails before any row is read.
        using var certificate = _options.Signing.IsConfigured ? ReportSigningCertificate.Load(_options.Signing) : null;
        var signer = certificate?.Subject;

        using var pdf = new PdfDocument();
        pdf.Options.CompressContentStreams = false;
        pdf.Info.Title = MetadataText(document.Title);
        pdf.Info.Subject = MetadataText(document.Subtitle);
        pdf.Info.Creator = "AdminConsole";
        pdf.Info.Author = "AdminConsole";
        pdf.PageLayout = PdfPageLayout.SinglePage;

        var theme = new ReportTheme();
        int pages;
        using (var canvas = new ReportCanvas(pdf, fonts.Coverage))
        {
            var layout = new ReportLayout(canvas, theme, progress);
            Cover(canvas, theme, document, signer);
            var contentsPage = -1;
            if (document.Sections.Count > 0)
            {
                canvas.NewPage();
                contentsPage = 0;
            }

            var sectionPages = new List<int>(document.Sections.Count);
            for (var i = 0; i < document.Sections.Count; i++)
            {
                var section = document.Sections[i];
                if (i == 0)
                {
                    canvas.NewPage();
                }

                sectionPages.Add(layout.Heading(i + 1, section.Title));
                foreach (var block in section.Blocks)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    switch (block)
                    {
                        case ReportParagraph paragraph:
                            layout.Paragraph(paragraph);
                            break;
                        case ReportSubheading subheading:
                            layout.Subheading(subheading);
                            break;
                        case ReportFigures figures:
                            layout.Figures(figures);
                            break;
                        case ReportTable table:
                            await layout.TableAsync(table, cancellationToken).ConfigureAwait(false);
                            break;
                        case ReportBarChart chart:
                            layout.BarChart(chart);
                            break;
                        default:
                            throw new NotSupportedException($"The PDF renderer cannot draw a {block.GetType().Name}.");
                    }
                }
            }

            canvas.Dispose();
            pages = pdf.PageCount;
            if (contentsPage >= 0)
            {
                Contents(pdf.Pages[1], fonts.Coverage, theme, document, sectionPages);
            }

            Footers(pdf, fonts.Coverage, theme, document.Footer);
            layout.ReportProgressNow();
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (certificate is not null)
        {
            var options = new DigitalSignatureOptions
            {
                Reason = MetadataText(_options.Signing.Reason ?? "Audit report issued by AdminConsole"),
                Location = MetadataText(_options.Signing.Location ?? string.Empty),
                AppName = "AdminConsole",
            };
            DigitalSignatureHandler.ForDocument(pdf, new PdfSharpDefaultSigner(certificate, PdfMessageDigestType.SHA256, null), options);
        }

        await SaveAsync(pdf, output, cancellationToken).ConfigureAwait(false);
        LogRendered(_logger, pages, certificate is not null);
        return new RenderedReport(pages, certificate is not null, signer);
    }

    /// <summary>
    /// Text for the document information dictionary: PDFsharp copies it unescaped into the XMP metadata, where
    /// <c>&amp; &lt; &gt;</c> would make the XML invalid.
    /// </summary>
    internal static string MetadataText(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&':
                    builder.Append("and");
                    break;
                case '<' or '>':
                    builder.Append(' ');
                    break;
                default:
                    builder.Append(char.IsControl(c) || char.IsSurrogate(c) ? ' ' : c);
                    break;
            }
        }

        return string.Join(' ', builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    private static void Cover(ReportCanvas canvas, ReportTheme theme, ReportDocument document, string? signer)
    {
        canvas.NewPage();
        canvas.Y = 170;
        canvas.Fill(ReportTheme.Accent, ReportCanvas.Left, canvas.Y - 28, 40, 3);
        foreach (var line in canvas.Wrap(canvas.Coverage.Sanitize(document.Title), theme.Title, canvas.Width, 4))
        {
            canvas.Text(line, theme.Title, ReportTheme.Accent, ReportCanvas.Left, canvas.Y);
            canvas.Y += theme.Title.GetHeight();
        }

        canvas.Y += 6;
        foreach (var line in canvas.Wrap(canvas.Coverage.Sanitize(document.Subtitle), theme.Subtitle, canvas.Width, 3))
        {
            canvas.Text(line, theme.Subtitle, ReportTheme.Muted, ReportCanvas.Left, canvas.Y);
            canvas.Y += theme.Subtitle.GetHeight();
        }

        canvas.Y += 28;
        canvas.Line(ReportTheme.Rule, 0.6, ReportCanvas.Left, canvas.Y, canvas.Right, canvas.Y);
        canvas.Y += 10;
        const double LabelWidth = 150;
        var lineHeight = theme.Body.GetHeight() * 1.1;
        foreach (var field in document.Cover)
        {
            var label = canvas.Wrap(canvas.Coverage.Sanitize(field.Label), theme.BodyBold, LabelWidth - 10, 3);
            var value = canvas.Wrap(canvas.Coverage.Sanitize(field.Value), theme.Body, canvas.Width - LabelWidth, 6);
            var rows = Math.Max(label.Count, value.Count);
            if (canvas.Y + (rows * lineHeight) > canvas.Bottom - 60)
            {
                break;
            }

            for (var i = 0; i < rows; i++)
            {
                if (i < label.Count)
                {
                    canvas.Text(label[i], theme.BodyBold, ReportTheme.Muted, ReportCanvas.Left, canvas.Y + (i * lineHeight));
                }

                if (i < value.Count)
                {
                    canvas.Text(value[i], theme.Body, ReportTheme.Ink, ReportCanvas.Left + LabelWidth, canvas.Y + (i * lineHeight));
                }
            }

            canvas.Y += (rows * lineHeight) + 6;
            canvas.Line(ReportTheme.Grid, 0.5, ReportCanvas.Left, canvas.Y - 3, canvas.Right, canvas.Y - 3);
        }

        canvas.Y += 18;
        var signature = signer is null
            ? "This document is not digitally signed."
            : $"This document is digitally signed by {signer}. Any change to the file after signing invalidates the signature.";
        foreach (var line in canvas.Wrap(canvas.Coverage.Sanitize(signature), theme.BodyItalic, canvas.Width, 4))
        {
            canvas.Text(line, theme.BodyItalic, ReportTheme.Muted, ReportCanvas.Left, canvas.Y);
            canvas.Y += lineHeight;
        }
    }

    /// <summary>The contents page was left empty up front; now that every section has a page number it is filled.</summary>
    private static void Contents(PdfPage page, GlyphCoverage coverage, ReportTheme theme, ReportDocument document, List<int> sectionPages)
    {
        using var graphics = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
        var ink = new XSolidBrush(ReportTheme.Ink);
        const double Right = ReportCanvas.Left + ReportCanvas.PortraitWidth;
        const double Bottom = ReportCanvas.PageHeight - ReportCanvas.MarginBottom;
        var y = ReportCanvas.Top;
        graphics.DrawString("Contents", theme.Heading, new XSolidBrush(ReportTheme.Accent), ReportCanvas.Left, y, XStringFormats.TopLeft);
        y += theme.Heading.GetHeight() + 3;
        graphics.DrawLine(new XPen(ReportTheme.Accent, 0.8), ReportCanvas.Left, y, Right, y);
        y += 12;
        var lineHeight = theme.Body.GetHeight() * 1.5;
        var dots = new XPen(ReportTheme.Rule, 0.6) { DashStyle = XDashStyle.Dot };
        for (var i = 0; i < document.Sections.Count; i++)
        {
            if (y + lineHeight > Bottom)
            {
                graphics.DrawString(ReportCanvas.Ellipsis, theme.Body, ink, ReportCanvas.Left, y, XStringFormats.TopLeft);
                break;
            }

            var number = sectionPages[i].ToString(CultureInfo.InvariantCulture);
            var numberWidth = graphics.MeasureString(number, theme.Body).Width;
            var title = Fit(graphics, coverage.Sanitize($"{i + 1}. {document.Sections[i].Title}"), theme.Body, ReportCanvas.PortraitWidth - numberWidth - 40);
            var titleWidth = graphics.MeasureString(title, theme.Body).Width;
            graphics.DrawString(title, theme.Body, ink, ReportCanvas.Left, y, XStringFormats.TopLeft);
            graphics.DrawString(number, theme.Body, ink, Right - numberWidth, y, XStringFormats.TopLeft);
            var baseline = y + (theme.Body.GetHeight() * 0.8);
            graphics.DrawLine(dots, ReportCanvas.Left + titleWidth + 6, baseline, Right - numberWidth - 6, baseline);
            y += lineHeight;
        }
    }

    /// <summary>Footers go on last, when the page count is known.</summary>
    private static void Footers(PdfDocument pdf, GlyphCoverage coverage, ReportTheme theme, string footer)
    {
        var muted = new XSolidBrush(ReportTheme.Muted);
        var rule = new XPen(ReportTheme.Rule, 0.5);
        var text = coverage.Sanitize(footer);
        var count = pdf.PageCount;
        for (var i = 0; i < count; i++)
        {
            // A landscape page (a wide table) has its footer along its own bottom and width.
            var page = pdf.Pages[i];
            var right = page.Width.Point - ReportCanvas.MarginRight;
            var y = page.Height.Point - ReportCanvas.MarginBottom + 30;
            using (var graphics = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append))
            {
                var pageText = string.Create(CultureInfo.InvariantCulture, $"Page {i + 1} of {count}");
                var pageWidth = graphics.MeasureString(pageText, theme.Small).Width;
                graphics.DrawLine(rule, ReportCanvas.Left, y - 6, right, y - 6);
                graphics.DrawString(Fit(graphics, text, theme.Small, right - ReportCanvas.Left - pageWidth - 24), theme.Small, muted, ReportCanvas.Left, y, XStringFormats.TopLeft);
                graphics.DrawString(pageText, theme.Small, muted, right - pageWidth, y, XStringFormats.TopLeft);
            }

            ContentStreams.Compress(page);
        }
    }

    private static string Fit(XGraphics graphics, string text, XFont font, double width)
    {
        if (graphics.MeasureString(text, font).Width <= width)
        {
            return text;
        }

        var length = text.Length;
        while (length > 1 && graphics.MeasureString(string.Concat(text.AsSpan(0, length), ReportCanvas.Ellipsis), font).Width > width)
        {
            length--;
        }

        return string.Concat(text.AsSpan(0, length).TrimEnd(), ReportCanvas.Ellipsis);
    }

    /// <summary>PDFsharp writes and, to sign, reads back and patches the file, so it needs a seekable, readable stream.</summary>
    private static async Task SaveAsync(PdfDocument pdf, Stream output, CancellationToken cancellationToken)
    {
        if (output is { CanSeek: true, CanRead: true, CanWrite: true } && output.Position == 0 && output.Length == 0)
        {
            await pdf.SaveAsync(output, false).ConfigureAwait(false);
            return;
        }

        var temporary = new FileStream(Path.Combine(Path.GetTempPath(), $"report-{Guid.NewGuid():N}.pdf"), FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await using (temporary.ConfigureAwait(false))
        {
            await pdf.SaveAsync(temporary, false).ConfigureAwait(false);
            temporary.Position = 0;
            await temporary.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Report rendered: {Pages} pages, signed {Signed}")]
    private static partial void LogRendered(ILogger logger, int pages, bool signed);
}
