using System.Globalization;
using AdminConsole.Domain.Reports;
using PdfSharp.Drawing;

namespace AdminConsole.Jobs.Reports.Pdf;

/// <summary>Draws the blocks of a report's body onto a <see cref="ReportCanvas"/>, one after another down the pages.</summary>
internal sealed class ReportLayout(ReportCanvas canvas, ReportTheme theme, IProgress<ReportProgress>? progress)
{
    /// <summary>A cell longer than this many lines is cut with an ellipsis, so that one note cannot fill a page.</summary>
    public const int MaxCellLines = 12;

    private const int ProgressEvery = 200;
    private const double CellPadX = 3;
    private const double CellPadY = 2.2;
    private const double BlockGap = 10;

    /// <summary>Rows read and measured before a table's columns are sized: all of a short table, the start of a long one.</summary>
    private const int LookAhead = 200;

    /// <summary>The smallest size a key figure's value is drawn at to fit its tile; a longer one is cut with an ellipsis.</summary>
    private const double MinFigureSize = 9;

    public long RowsDrawn { get; private set; }

    /// <summary>Draws a section heading ("2. Alerts") and returns the page it landed on (1-based).</summary>
    public int Heading(int number, string title)
    {
        var text = canvas.Coverage.Sanitize($"{number}. {title}");
        var lines = canvas.Wrap(text, theme.Heading, canvas.Width);
        var lineHeight = theme.Heading.GetHeight();

        // Keep the heading with the start of its content.
        canvas.EnsureSpace((lines.Count * lineHeight) + 90);
        if (!canvas.AtPageTop)
        {
            canvas.Y += 14;
        }

        foreach (var line in lines)
        {
            canvas.Text(line, theme.Heading, ReportTheme.Accent, ReportCanvas.Left, canvas.Y);
            canvas.Y += lineHeight;
        }

        canvas.Y += 3;
        canvas.Line(ReportTheme.Accent, 0.8, ReportCanvas.Left, canvas.Y, canvas.Right, canvas.Y);
        canvas.Y += BlockGap;
        return canvas.PageCount;
    }

    public void Subheading(ReportSubheading block)
    {
        var lines = canvas.Wrap(canvas.Coverage.Sanitize(block.Text), theme.Subheading, canvas.Width);
        var lineHeight = theme.Subheading.GetHeight();
        canvas.EnsureSpace((lines.Count * lineHeight) + 50);
        if (!canvas.AtPageTop)
        {
            canvas.Y += 4;
        }

        foreach (var line in lines)
        {
            canvas.Text(line, theme.Subheading, ReportTheme.Ink, ReportCanvas.Left, canvas.Y);
            canvas.Y += lineHeight;
        }

        canvas.Y += 4;
    }

    public void Paragraph(ReportParagraph block)
    {
        // Kept, missed and breached promises get a bar in their colour as well, so the tone survives grey print.
        var marked = block.Tone is ReportTone.Good or ReportTone.Warning or ReportTone.Bad;
        var indent = marked ? 9 : 0;
        var color = ReportTheme.ToneColor(block.Tone);
        var font = block.Tone == ReportTone.Muted ? theme.BodyItalic : theme.Body;
        var lineHeight = font.GetHeight() * 1.12;
        var lines = block.Text.Split('\n')
            .SelectMany(p => canvas.Wrap(canvas.Coverage.Sanitize(p.TrimEnd('\r')), font, canvas.Width - indent))
            .ToList();
        var index = 0;
        while (index < lines.Count)
        {
            // Avoid a lone first line at the bottom of a page.
            canvas.EnsureSpace(Math.Min(lines.Count - index, 2) * lineHeight);
            var start = canvas.Y;
            while (index < lines.Count && canvas.Y + lineHeight <= canvas.Bottom)
            {
                canvas.Text(lines[index], font, color, ReportCanvas.Left + indent, canvas.Y);
                canvas.Y += lineHeight;
                index++;
            }

            if (marked)
            {
                canvas.Fill(color, ReportCanvas.Left, start + 1, 2.2, canvas.Y - start - 2);
            }

            if (index < lines.Count)
            {
                canvas.NewPage();
            }
        }

        canvas.Y += 6;
    }

    public void Figures(ReportFigures block)
    {
        if (block.Items.Count == 0)
        {
            return;
        }

        const int PerLine = 4;
        const double Gap = 8;
        const double Height = 56;
        var width = (canvas.Width - ((PerLine - 1) * Gap)) / PerLine;
        for (var i = 0; i < block.Items.Count; i += PerLine)
        {
            canvas.EnsureSpace(Height + Gap);
            var top = canvas.Y;
            foreach (var (figure, column) in block.Items.Skip(i).Take(PerLine).Select((f, c) => (f, c)))
            {
                var x = ReportCanvas.Left + (column * (width + Gap));
                var tone = ReportTheme.ToneColor(figure.Tone);
                canvas.Fill(ReportTheme.TileFill, x, top, width, Height);
                canvas.Graphics.DrawRectangle(new XPen(ReportTheme.Rule, 0.5), x, top, width, Height);
                canvas.Fill(figure.Tone == ReportTone.Normal ? ReportTheme.Accent : tone, x, top, 2.5, Height);
                var inner = width - 14;
                canvas.Text(canvas.Ellipsize(canvas.Coverage.Sanitize(figure.Label), theme.Small, inner), theme.Small, ReportTheme.Muted, x + 9, top + 7);
                // A figure is never cut while it can be read smaller: "#1,000,0…" would be another number.
                var value = canvas.Coverage.Sanitize(figure.Value);
                var valueFont = theme.FigureValue;
                var valueWidth = canvas.Measure(value, valueFont);
                if (valueWidth > inner)
                {
                    valueFont = theme.Sized(valueFont, Math.Max(MinFigureSize, Math.Floor(valueFont.Size * inner / valueWidth * 10) / 10));
                }

                var baseline = (theme.FigureValue.GetHeight() - valueFont.GetHeight()) * 0.8;
                canvas.Text(canvas.Ellipsize(value, valueFont, inner), valueFont, tone, x + 9, top + 19 + baseline);
                if (!string.IsNullOrEmpty(figure.Note))
                {
                    canvas.Text(canvas.Ellipsize(canvas.Coverage.Sanitize(figure.Note), theme.Small, inner), theme.Small,
                        figure.Tone == ReportTone.Normal ? ReportTheme.Muted : tone, x + 9, top + 40);
                }
            }

            canvas.Y = top + Height + Gap;
        }

        canvas.Y += BlockGap - Gap;
    }

    public async Task TableAsync(ReportTable block, CancellationToken cancellationToken)
    {
        var columns = block.Columns;
        if (columns.Count == 0)
        {
            throw new ArgumentException("A report table needs at least one column.", nameof(block));
        }

        var caption = block.Caption is null ? null : canvas.Coverage.Sanitize(block.Caption);
        var headerTexts = columns.Select(c => canvas.Coverage.Sanitize(c.Header)).ToList();
        var sizing = new TableSizing(canvas, theme, columns, headerTexts);
        var rows = block.Rows.GetAsyncEnumerator(cancellationToken);
        try
        {
            var read = 0;
            async Task<string[]?> ReadAsync()
            {
                if (!await rows.MoveNextAsync().ConfigureAwait(false))
                {
                    return null;
                }

                cancellationToken.ThrowIfCancellationRequested();
                var row = rows.Current;
                read++;
                if (row.Count != columns.Count)
                {
                    throw new InvalidOperationException(
                        $"Row {read} of table '{block.Caption}' has {row.Count} cells; the table has {columns.Count} columns.");
                }

                return [.. row.Select(cell => canvas.Coverage.Sanitize(cell))];
            }

            // The columns are sized before the header is drawn: from the rows read ahead, all of a short table, and
            // from what the builder says a long table's later rows may hold.
            var ahead = new Queue<string[]>();
            while (ahead.Count < LookAhead && await ReadAsync().ConfigureAwait(false) is { } row)
            {
                sizing.Measure(row);
                ahead.Enqueue(row);
            }

            var captionHeight = caption is null ? 0 : theme.BodyBold.GetHeight() + 4;
            if (ahead.Count == 0)
            {
                canvas.EnsureSpace(captionHeight + (3 * theme.BodyItalic.GetHeight()) + 12);
                Caption(caption, captionHeight);
                foreach (var line in canvas.Wrap(canvas.Coverage.Sanitize(block.EmptyText), theme.BodyItalic, canvas.Width))
                {
                    canvas.Text(line, theme.BodyItalic, ReportTheme.Muted, ReportCanvas.Left, canvas.Y);
                    canvas.Y += theme.BodyItalic.GetHeight();
                }

                canvas.Y += BlockGap + 4;
                return;
            }

            var shape = sizing.Shape(2 * CellPadX);
            var table = new DrawnTable(columns, shape, theme.CellsAt(shape.CellSize));
            var headers = headerTexts.Select((h, i) => canvas.Wrap(h, table.Bold, shape.Widths[i] - (2 * CellPadX), 3)).ToList();
            var headerHeight = (headers.Max(h => h.Count) * table.LineHeight) + (2 * CellPadY) + 1;

            // Caption, header and a first row stay together.
            canvas.EnsureSpace(captionHeight + headerHeight + (3 * table.LineHeight) + 12, shape.Landscape);
            Caption(caption, captionHeight);
            DrawHeader(table, headers, headerHeight);

            var drawn = 0;
            var cells = new List<string>[columns.Count];
            while ((ahead.Count > 0 ? ahead.Dequeue() : await ReadAsync().ConfigureAwait(false)) is { } row)
            {
                var lines = 1;
                for (var c = 0; c < columns.Count; c++)
                {
                    cells[c] = columns[c].Wrap == ReportWrap.Never
                        ? [row[c]]
                        : [.. canvas.Wrap(TableSizing.Glue(row[c]), table.Regular, shape.Widths[c] - (2 * CellPadX), MaxCellLines).Select(TableSizing.Unglue)];
                    lines = Math.Max(lines, cells[c].Count);
                }

                var height = (lines * table.LineHeight) + (2 * CellPadY);
                if (canvas.Y + height > canvas.Bottom)
                {
                    canvas.NewPage(shape.Landscape);
                    if (caption is not null)
                    {
                        canvas.Text(canvas.Ellipsize(caption + " (continued)", theme.Small, canvas.Width), theme.Small, ReportTheme.Muted, ReportCanvas.Left, canvas.Y);
                        canvas.Y += theme.Small.GetHeight() + 3;
                    }

                    DrawHeader(table, headers, headerHeight);
                }

                if (drawn % 2 == 1)
                {
                    canvas.Fill(ReportTheme.ZebraFill, ReportCanvas.Left, canvas.Y, canvas.Width, height);
                }

                for (var c = 0; c < columns.Count; c++)
                {
                    if (columns[c].Wrap == ReportWrap.Never)
                    {
                        Whole(table, c, row[c]);
                        continue;
                    }

                    var y = canvas.Y + CellPadY;
                    foreach (var line in cells[c])
                    {
                        Cell(table, c, line, table.Regular, y);
                        y += table.LineHeight;
                    }
                }

                canvas.Y += height;
                drawn++;
                RowsDrawn++;
                if (RowsDrawn % ProgressEvery == 0)
                {
                    progress?.Report(new ReportProgress(RowsDrawn, canvas.PageCount));
                }
            }

            canvas.Line(ReportTheme.Rule, 0.6, ReportCanvas.Left, canvas.Y, canvas.Right, canvas.Y);
            canvas.Y += BlockGap + 4;
        }
        finally
        {
            await rows.DisposeAsync().ConfigureAwait(false);
        }
    }

    public void BarChart(ReportBarChart chart)
    {
        const double PlotHeight = 140;
        var title = canvas.Coverage.Sanitize(chart.Title);
        var titleHeight = theme.BodyBold.GetHeight() + 6;
        var series = chart.Series.Where(s => s.Values.Count > 0).ToList();
        var categories = chart.Categories.Count;
        double Value(ReportSeries s, int i) => i < s.Values.Count && double.IsFinite(s.Values[i]) ? Math.Max(0, s.Values[i]) : 0;
        var totals = Enumerable.Range(0, categories).Select(i => series.Sum(s => Value(s, i))).ToArray();
        var max = totals.Length == 0 ? 0 : totals.Max();

        if (max <= 0)
        {
            canvas.EnsureSpace(titleHeight + 60 + BlockGap);
            canvas.Text(canvas.Ellipsize(title, theme.BodyBold, canvas.Width), theme.BodyBold, ReportTheme.Ink, ReportCanvas.Left, canvas.Y);
            canvas.Y += titleHeight;
            canvas.Graphics.DrawRectangle(new XPen(ReportTheme.Rule, 0.6), ReportCanvas.Left, canvas.Y, canvas.Width, 50);
            canvas.TextCentered("No data in the period", theme.BodyItalic, ReportTheme.Muted, ReportCanvas.Left + (canvas.Width / 2), canvas.Y + 19);
            canvas.Y += 50 + BlockGap + 6;
            return;
        }

        var integers = series.All(s => s.Values.All(v => !double.IsFinite(v) || v == Math.Floor(v)));
        var step = NiceStep(max, integers);
        var top = Math.Ceiling((max / step) - 1e-9) * step;
        var tickFormat = integers || step >= 1 ? "#,0" : "#,0.##";
        var ticks = Enumerable.Range(0, (int)Math.Round(top / step) + 1).Select(t => t * step).ToList();
        var axisWidth = ticks.Max(t => canvas.Measure(t.ToString(tickFormat, CultureInfo.InvariantCulture), theme.Small)) + 6;
        var plotLeft = ReportCanvas.Left + axisWidth;
        var plotWidth = canvas.Right - plotLeft;

        // The legend flows in lines under the axis labels.
        var legend = new List<(int Series, double X, int Line)>();
        double legendX = 0;
        var legendLine = 0;
        for (var s = 0; s < series.Count; s++)
        {
            var name = canvas.Ellipsize(canvas.Coverage.Sanitize(series[s].Name), theme.Small, 160);
            var itemWidth = 12 + canvas.Measure(name, theme.Small) + 14;
            if (legendX > 0 && legendX + itemWidth > plotWidth)
            {
                legendX = 0;
                legendLine++;
            }

            legend.Add((s, legendX, legendLine));
            legendX += itemWidth;
        }

        var smallLine = theme.Small.GetHeight();
        var valueLabelHeight = smallLine + 8;
        var legendHeight = (legendLine + 1) * (smallLine + 3);
        var total = titleHeight + valueLabelHeight + PlotHeight + smallLine + 8 + legendHeight + BlockGap;
        canvas.EnsureSpace(total);

        canvas.Text(canvas.Ellipsize(title, theme.BodyBold, canvas.Width), theme.BodyBold, ReportTheme.Ink, ReportCanvas.Left, canvas.Y);
        canvas.Y += titleHeight;
        canvas.Text(canvas.Ellipsize(canvas.Coverage.Sanitize(chart.ValueLabel), theme.Small, canvas.Width), theme.Small, ReportTheme.Muted, ReportCanvas.Left, canvas.Y);
        canvas.Y += valueLabelHeight;

        var plotTop = canvas.Y;
        var plotBottom = plotTop + PlotHeight;
        double Scale(double v) => plotBottom - (v / top * PlotHeight);
        foreach (var tick in ticks)
        {
            var y = Scale(tick);
            if (tick > 0)
            {
                canvas.Line(ReportTheme.Grid, 0.5, plotLeft, y, canvas.Right, y);
            }

            canvas.TextRight(tick.ToString(tickFormat, CultureInfo.InvariantCulture), theme.Small, ReportTheme.Muted, plotLeft - 5, y - (smallLine / 2));
        }

        var band = plotWidth / categories;
        var barWidth = Math.Min(band * 0.68, 48);
        for (var i = 0; i < categories; i++)
        {
            var x = plotLeft + (i * band) + ((band - barWidth) / 2);
            double stacked = 0;
            for (var s = 0; s < series.Count; s++)
            {
                var value = Value(series[s], i);
                if (value <= 0)
                {
                    continue;
                }

                var y0 = Scale(stacked);
                var y1 = Scale(stacked + value);
                canvas.Fill(ReportTheme.Palette[s % ReportTheme.Palette.Length], x, y1, barWidth, y0 - y1);
                stacked += value;
            }
        }

        canvas.Line(ReportTheme.Muted, 0.8, plotLeft, plotBottom, canvas.Right, plotBottom);

        // Thin out the category labels so that they never touch.
        var labels = chart.Categories.Select(c => canvas.Coverage.Sanitize(c)).ToList();
        var widest = labels.Max(l => canvas.Measure(l, theme.Small)) + 6;
        var every = Math.Max(1, (int)Math.Ceiling(widest / band));
        for (var i = 0; i < categories; i += every)
        {
            var label = canvas.Ellipsize(labels[i], theme.Small, (band * every) - 4);
            var width = canvas.Measure(label, theme.Small);
            var x = Math.Clamp(plotLeft + (i * band) + (band / 2) - (width / 2), ReportCanvas.Left, canvas.Right - width);
            canvas.Text(label, theme.Small, ReportTheme.Muted, x, plotBottom + 5);
        }

        canvas.Y = plotBottom + smallLine + 8;
        foreach (var (s, x, line) in legend)
        {
            var name = canvas.Ellipsize(canvas.Coverage.Sanitize(series[s].Name), theme.Small, 160);
            var y = canvas.Y + (line * (smallLine + 3));
            canvas.Fill(ReportTheme.Palette[s % ReportTheme.Palette.Length], plotLeft + x, y + 1.5, 8, 8);
            canvas.Text(name, theme.Small, ReportTheme.Ink, plotLeft + x + 12, y);
        }

        canvas.Y += legendHeight + BlockGap;
    }

    public void ReportProgressNow() => progress?.Report(new ReportProgress(RowsDrawn, canvas.PageCount));

    /// <summary>A step of 1, 2, 2.5 or 5 times a power of ten giving about five ticks; whole numbers for counts.</summary>
    internal static double NiceStep(double max, bool integers)
    {
        var raw = max / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var normalized = raw / magnitude;
        var nice = normalized <= 1 ? 1 : normalized <= 2 ? 2 : normalized <= 2.5 ? 2.5 : normalized <= 5 ? 5 : 10;
        var step = nice * magnitude;
        if (integers)
        {
            step = Math.Max(1, Math.Round(step) == step ? step : Math.Ceiling(step));
        }

        return step;
    }

    private void Caption(string? caption, double height)
    {
        if (caption is not null)
        {
            canvas.Text(canvas.Ellipsize(caption, theme.BodyBold, canvas.Width), theme.BodyBold, ReportTheme.Ink, ReportCanvas.Left, canvas.Y);
            canvas.Y += height;
        }
    }

    private void DrawHeader(DrawnTable table, List<List<string>> headers, double height)
    {
        canvas.Fill(ReportTheme.HeaderFill, ReportCanvas.Left, canvas.Y, canvas.Width, height);
        for (var c = 0; c < headers.Count; c++)
        {
            var y = canvas.Y + CellPadY;
            foreach (var line in headers[c])
            {
                Cell(table, c, line, table.Bold, y);
                y += table.LineHeight;
            }
        }

        canvas.Y += height;
        canvas.Line(ReportTheme.Muted, 0.6, ReportCanvas.Left, canvas.Y, canvas.Right, canvas.Y);
    }

    private void Cell(DrawnTable table, int column, string text, XFont font, double y)
    {
        if (table.Columns[column].Align == ReportAlign.Right)
        {
            canvas.TextRight(text, font, ReportTheme.Ink, ReportCanvas.Left + table.Lefts[column] + table.Shape.Widths[column] - CellPadX, y);
        }
        else
        {
            canvas.Text(text, font, ReportTheme.Ink, ReportCanvas.Left + table.Lefts[column] + CellPadX, y);
        }
    }

    /// <summary>
    /// A value that never wraps, on one line. One wider than its column (a later row of a long table, wider than the rows
    /// read ahead and than the builder foresaw) is drawn smaller, never cut.
    /// </summary>
    private void Whole(DrawnTable table, int column, string text)
    {
        var room = table.Shape.Widths[column] - (2 * CellPadX);
        var font = table.Regular;
        var width = canvas.Measure(text, font);
        if (width > room)
        {
            var size = Math.Max(1, Math.Floor(table.Shape.CellSize * room / width * 10) / 10);
            font = theme.Sized(font, size);
        }

        // On the row's baseline, whatever the size.
        Cell(table, column, text, font, canvas.Y + CellPadY + ((table.LineHeight - font.GetHeight()) * 0.8));
    }

    /// <summary>A table being drawn: its columns, their shape and where each starts, and its faces.</summary>
    private sealed class DrawnTable
    {
        public DrawnTable(IReadOnlyList<ReportColumn> columns, TableShape shape, (XFont Regular, XFont Bold) fonts)
        {
            Columns = columns;
            Shape = shape;
            (Regular, Bold) = fonts;
            LineHeight = Regular.GetHeight();
            Lefts = new double[columns.Count];
            for (var c = 1; c < columns.Count; c++)
            {
                Lefts[c] = Lefts[c - 1] + shape.Widths[c - 1];
            }
        }

        public IReadOnlyList<ReportColumn> Columns { get; }

        public TableShape Shape { get; }

        public XFont Regular { get; }

        public XFont Bold { get; }

        public double LineHeight { get; }

        public double[] Lefts { get; }
    }
}
