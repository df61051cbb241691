using System.Buffers;
using System.Text;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace AdminConsole.Jobs.Reports.Pdf;

/// <summary>
/// The page the layout is drawing on and the cursor down it: A4 portrait with fixed margins, a new page when a piece
/// does not fit, and text measured and wrapped here because PDFsharp's own formatter cannot say how tall text is.
/// </summary>
internal sealed class ReportCanvas : IDisposable
{
    public const double PageWidth = 595.28;
    public const double PageHeight = 841.89;
    public const double Left = 56;
    public const double Right = PageWidth - 56;
    public const double Top = 56;
    public const double Bottom = PageHeight - 68;
    public const double Width = Right - Left;
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

    public double Remaining => Bottom - Y;

    public PdfPage NewPage()
    {
        FinishPage();
        var page = _document.AddPage();
        page.Size = PageSize.A4;
        page.Orientation = PageOrientation.Portrait;
        _graphics = XGraphics.FromPdfPage(page);
        _page = page;
        Y = Top;
        return page;
    }

    /// <summary>Starts a new page unless <paramref name="height"/> fits below the cursor (or the page is still empty).</summary>
    public bool EnsureSpace(double height)
    {
        if (Y + height <= Bottom || AtPageTop)
        {
            return false;
        }

        NewPage();
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
