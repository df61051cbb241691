using System.Buffers;
using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace AdminConsole.Jobs.Reports.Pdf;

/// <summary>
/// The page the layout is drawing on and the cursor down it: A4 with fixed margins, portrait but for a table too wide
/// for it, a new page when a piece does not fit, and text measured and wrapped here because PDFsharp's own formatter
/// cannot say how tall text is.
/// </summary>
internal sealed class ReportCanvas : IDisposable
{
    /// <summary>A4's short side.</summary>
    public const double PageWidth = 595.28;

    /// <summary>A4's long side.</summary>
    public const double PageHeight = 841.89;

    public const double Left = 56;
    public const double Top = 56;
    public const double MarginRight = 56;
    public const double MarginBottom = 68;

    /// <summary>The width of a portrait page's text block.</summary>
    public const double PortraitWidth = PageWidth - Left - MarginRight;

    /// <summary>The width of a landscape page's text block.</summary>
    public const double LandscapeWidth = PageHeight - Left - MarginRight;

    public const string Ellipsis = "\u2026";

    private static readonly SearchValues<char> WordSeparators = SearchValues.Create("/.@-_:,;?&=\\");

    private readonly PdfDocument _document;
    private XGraphics? _graphics;
    private PdfPage? _page;

    public ReportCanvas(PdfDocument document, GlyphCoverage coverage)
    {
        _document = document;
        Coverage = coverage;
    }

    public GlyphCoverage Coverage { get; }

    /// <summary>The cursor: where the next piece starts, from the top of the page.</summary>
    public double Y { get; set; }

    public XGraphics Graphics => _graphics ?? throw new InvalidOperationException("No page has been started.");

    public int PageCount => _document.PageCount;

    /// <summary>Whether nothing has been drawn on the current page yet.</summary>
    public bool AtPageTop => Y <= Top;

    /// <summary>Whether the current page is turned sideways (for a table too wide for a portrait page).</summary>
    public bool Landscape { get; private set; }

    /// <summary>The width of the current page's text block.</summary>
    public double Width => Landscape ? LandscapeWidth : PortraitWidth;

    public double Right => Left + Width;

    /// <summary>Where the current page's text block ends, from the top of the page.</summary>
    public double Bottom => (Landscape ? PageWidth : PageHeight) - MarginBottom;

    public double Remaining => Bottom - Y;

    /// <summary>A new page; a landscape one is as tall as a portrait page is wide.</summary>
    public PdfPage NewPage(bool landscape = false)
    {
        FinishPage();
        var page = _document.AddPage();
        page.Width = XUnit.FromPoint(landscape ? PageHeight : PageWidth);
        page.Height = XUnit.FromPoint(landscape ? PageWidth : PageHeight);
        _graphics = XGraphics.FromPdfPage(page);
        _page = page;
        Landscape = landscape;
        Y = Top;
        return page;
    }

    /// <summary>
    /// Starts a new page unless <paramref name="height"/> fits below the cursor (or the page is still empty) and the page
    /// is turned the way asked: whatever follows a landscape table starts on a portrait page again.
    /// </summary>
    public bool EnsureSpace(double height, bool landscape = false)
    {
        if (landscape == Landscape && (Y + height <= Bottom || AtPageTop))
        {
            return false;
        }

        NewPage(landscape);
        return true;
    }

    public double Measure(string text, XFont font) => text.Length == 0 ? 0 : Graphics.MeasureString(text, font).Width;

    /// <summary>
    /// Breaks text (already sanitized, one paragraph) into lines no wider than <paramref name="width"/>, at spaces where
    /// possible and inside a word longer than a line; past <paramref name="maxLines"/> the last line ends in an ellipsis.
    /// </summary>
    public List<string> Wrap(string text, XFont font, double width, int maxLines = int.MaxValue)
    {
        if (text.Length == 0 || Measure(text, font) <= width)
        {
            return [text];
        }

        var lines = new List<string>();
        var line = new StringBuilder();
        var words = text.Split(' ');
        for (var i = 0; i < words.Length; i++)
        {
            var word = words[i];
            if (line.Length > 0)
            {
                var candidate = string.Concat(line.ToString(), " ", word);
                if (Measure(candidate, font) <= width)
                {
                    line.Append(' ').Append(word);
                    continue;
                }

                lines.Add(line.ToString());
                line.Clear();
                if (lines.Count == maxLines)
                {
                    return Truncated(lines, font, width);
                }
            }

            while (word.Length > 1 && Measure(word, font) > width)
            {
                var fit = BreakPoint(word, FittingPrefix(word, font, width));
                lines.Add(word[..fit]);
                word = word[fit..];
                if (lines.Count == maxLines)
                {
                    return Truncated(lines, font, width);
                }
            }

            line.Append(word);
        }

        if (line.Length > 0)
        {
            lines.Add(line.ToString());
        }

        return lines;
    }

    /// <summary>One line: the text, cut with an ellipsis if it is wider than <paramref name="width"/>.</summary>
    public string Ellipsize(string text, XFont font, double width)
    {
        if (Measure(text, font) <= width)
        {
            return text;
        }

        var fit = FittingPrefix(text, font, width - Measure(Ellipsis, font));
        return string.Concat(text.AsSpan(0, fit).TrimEnd(), Ellipsis);
    }

    public void Text(string text, XFont font, XColor color, double x, double y) =>
        Graphics.DrawString(text, font, new XSolidBrush(color), x, y, XStringFormats.TopLeft);

    public void TextRight(string text, XFont font, XColor color, double right, double y) =>
        Graphics.DrawString(text, font, new XSolidBrush(color), right - Measure(text, font), y, XStringFormats.TopLeft);

    public void TextCentered(string text, XFont font, XColor color, double center, double y) =>
        Graphics.DrawString(text, font, new XSolidBrush(color), center - (Measure(text, font) / 2), y, XStringFormats.TopLeft);

    public void Fill(XColor color, double x, double y, double width, double height) =>
        Graphics.DrawRectangle(new XSolidBrush(color), x, y, width, height);

    public void Line(XColor color, double width, double x1, double y1, double x2, double y2) =>
        Graphics.DrawLine(new XPen(color, width), x1, y1, x2, y2);

    public void Dispose() => FinishPage();

    private void FinishPage()
    {
        _graphics?.Dispose();
        _graphics = null;
        if (_page is not null)
        {
            ContentStreams.Compress(_page);
            _page = null;
        }
    }

    private List<string> Truncated(List<string> lines, XFont font, double width)
    {
        lines[^1] = Ellipsize(lines[^1] + Ellipsis, font, width);
        return lines;
    }

    /// <summary>
    /// Where to cut a word too long for a line: after the last separator of an address, path or identifier
    /// ("admin@contoso." / "example") in the part that fits, unless that leaves the line mostly empty.
    /// </summary>
    private static int BreakPoint(string word, int fit)
    {
        if (fit >= word.Length)
        {
            return fit;
        }

        var separator = word.AsSpan(0, fit).LastIndexOfAny(WordSeparators);
        return separator + 1 >= Math.Max(2, fit / 3) ? separator + 1 : fit;
    }

    /// <summary>The longest prefix (at least one character) that fits <paramref name="width"/>.</summary>
    private int FittingPrefix(string text, XFont font, double width)
    {
        int low = 1, high = text.Length;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (Measure(text[..middle], font) <= width)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        // Never split a surrogate pair.
        return low < text.Length && char.IsLowSurrogate(text[low]) && low > 1 ? low - 1 : low;
    }
}
