using System.Text.RegularExpressions;
using AdminConsole.Domain.Reports;

namespace AdminConsole.Jobs.Reports.Pdf;

/// <summary>How a table is drawn: on which pages, at which cell size, and each column's width.</summary>
internal sealed record TableShape(bool Landscape, double CellSize, double[] Widths);

/// <summary>
/// Sizes a table's columns to their content. Every column is at least as wide as its header's widest word and, for free
/// text, its widest word; a column that never wraps is as wide as its widest value, so that numbers, times, hashes, ids
/// and names are never broken. What is left of the width goes to free text first (by weight, up to its longest value on
/// one line), then to every column by weight. Content that does not fit a portrait page at the cell size is drawn
/// smaller, down to <see cref="MinPortraitSize"/>; below that the table goes onto landscape pages, drawn smaller there
/// too if need be, down to <see cref="MinSize"/>.
/// </summary>
internal sealed partial class TableSizing
{
    /// <summary>The smallest cell size a table is drawn at on a portrait page; rather than smaller, the table is turned.</summary>
    public const double MinPortraitSize = 6.5;

    /// <summary>The smallest cell size of a table; a table too wide even so has its free text cut inside words.</summary>
    public const double MinSize = 5.5;

    private const char NoBreakSpace = '\u00A0';

    /// <summary>A free-text word wider than this (a URL in a note) does not widen its column: it is cut where it wraps.</summary>
    private const double WordCap = 0.3 * ReportCanvas.PortraitWidth;

    /// <summary>
    /// Free text gets at least this width (about fourteen characters; its longest value if that is less) before a table
    /// is drawn smaller: a reason one word a line is as hard to read as small print.
    /// </summary>
    private const double Readable = 60;

    /// <summary>What free text keeps at least when a table is too wide even on a landscape page at the smallest size.</summary>
    private const double TextFloor = 20;

    /// <summary>Room for rounding: a width computed at one size and used at another must still hold what it was measured for.</summary>
    private const double Tolerance = 0.1;

    private readonly ReportCanvas _canvas;
    private readonly ReportTheme _theme;
    private readonly IReadOnlyList<ReportColumn> _columns;
    private readonly double[] _least;
    private readonly double[] _natural;

    /// <param name="headers">The columns' headers, sanitized.</param>
    public TableSizing(ReportCanvas canvas, ReportTheme theme, IReadOnlyList<ReportColumn> columns, IReadOnlyList<string> headers)
    {
        _canvas = canvas;
        _theme = theme;
        _columns = columns;
        _least = new double[columns.Count];
        _natural = new double[columns.Count];
        for (var c = 0; c < columns.Count; c++)
        {
            // Headers wrap between words only.
            foreach (var word in headers[c].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                _least[c] = Math.Max(_least[c], canvas.Measure(word, theme.CellBold));
            }

            _natural[c] = Math.Max(_least[c], canvas.Measure(headers[c], theme.CellBold));
            foreach (var value in columns[c].Fits)
            {
                Measure(c, canvas.Coverage.Sanitize(value));
            }
        }
    }

    /// <summary>
    /// Free text with the spaces inside a time ("2026-11-30 14:00 UTC") made unbreakable, so that wrapping at spaces never
    /// parts a date from its hour; <see cref="Unglue"/> turns them back into spaces once the text is wrapped.
    /// </summary>
    public static string Glue(string text) =>
        text.Contains(':', StringComparison.Ordinal) ? Time().Replace(text, m => m.Value.Replace(' ', NoBreakSpace)) : text;

    public static string Unglue(string line) => line.Replace(NoBreakSpace, ' ');

    /// <summary>Takes a row's (sanitized) cells into account.</summary>
    public void Measure(IReadOnlyList<string> row)
    {
        for (var c = 0; c < _columns.Count; c++)
        {
            Measure(c, row[c]);
        }
    }

    /// <summary>The shape for the content measured so far, with <paramref name="padding"/> added to each column.</summary>
    public TableShape Shape(double padding)
    {
        var least = _least.Select((l, c) => (Wraps(c) ? Math.Max(l, Math.Min(_natural[c], Readable)) : l) + Tolerance).ToArray();
        var natural = _natural.Select((n, c) => Math.Max(n + Tolerance, least[c])).ToArray();
        var content = least.Sum();
        var padded = _columns.Count * padding;
        double SizeFor(double width) =>
            content <= 0 ? ReportTheme.CellSize : Math.Floor(ReportTheme.CellSize * Math.Min(1, (width - padded) / content) * 10) / 10;

        var landscape = false;
        var size = SizeFor(ReportCanvas.PortraitWidth);
        if (size < MinPortraitSize)
        {
            landscape = true;
            size = Math.Max(MinSize, SizeFor(ReportCanvas.LandscapeWidth));
        }

        var scale = size / ReportTheme.CellSize;
        var width = landscape ? ReportCanvas.LandscapeWidth : ReportCanvas.PortraitWidth;
        var widths = least.Select(l => (l * scale) + padding).ToArray();
        var spare = width - widths.Sum();
        if (spare >= 0)
        {
            spare = Share(widths, spare, c => Wraps(c) ? (natural[c] * scale) + padding : widths[c]);
            Share(widths, spare, _ => double.PositiveInfinity);
        }
        else
        {
            Squeeze(widths, -spare, padding);
        }

        return new TableShape(landscape, size, widths);
    }

    private bool Wraps(int column) => _columns[column].Wrap != ReportWrap.Never;

    private void Measure(int column, string value)
    {
        if (value.Length == 0)
        {
            return;
        }

        var whole = _canvas.Measure(value, _theme.Cell);
        _natural[column] = Math.Max(_natural[column], whole);
        if (!Wraps(column))
        {
            _least[column] = Math.Max(_least[column], whole);
            return;
        }

        if (whole <= _least[column])
        {
            return;
        }

        foreach (var word in Glue(value).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            _least[column] = Math.Max(_least[column], Math.Min(WordCap, _canvas.Measure(Unglue(word), _theme.Cell)));
        }
    }

    /// <summary>Shares <paramref name="spare"/> among the columns by weight, each up to its cap; returns what is left.</summary>
    private double Share(double[] widths, double spare, Func<int, double> cap)
    {
        while (spare > 1e-6)
        {
            var open = Enumerable.Range(0, widths.Length).Where(c => widths[c] < cap(c) - 1e-6).ToList();
            if (open.Count == 0)
            {
                break;
            }

            var weights = open.Sum(Weight);
            var given = 0.0;
            foreach (var c in open)
            {
                var give = Math.Min(spare * Weight(c) / weights, cap(c) - widths[c]);
                widths[c] += give;
                given += give;
            }

            spare -= given;
            if (given <= 1e-9)
            {
                break;
            }
        }

        return spare;
    }

    /// <summary>
    /// Too wide even on a landscape page at the smallest size: free text gives up width first, down to a few characters;
    /// then the values that never wrap, which are drawn smaller still in their cells rather than broken.
    /// </summary>
    private void Squeeze(double[] widths, double excess, double padding)
    {
        var text = Enumerable.Range(0, widths.Length).Where(Wraps).ToList();
        var give = text.Sum(c => Math.Max(0, widths[c] - padding - TextFloor));
        if (give > 0)
        {
            var share = Math.Min(1, excess / give);
            foreach (var c in text)
            {
                var taken = Math.Max(0, widths[c] - padding - TextFloor) * share;
                widths[c] -= taken;
                excess -= taken;
            }
        }

        var whole = Enumerable.Range(0, widths.Length).Where(c => !Wraps(c)).ToList();
        var content = whole.Sum(c => widths[c] - padding);
        if (excess > 1e-6 && content > excess)
        {
            var factor = (content - excess) / content;
            foreach (var c in whole)
            {
                widths[c] = padding + ((widths[c] - padding) * factor);
            }
        }
    }

    private double Weight(int column) => Math.Max(_columns[column].Weight, 0.01);

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?( UTC)?")]
    private static partial Regex Time();
}
