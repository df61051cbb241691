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

    public long RowsDrawn { get; private set; }

    /// <summary>Draws a section heading ("2. Alerts") and returns the page it landed on (1-based).</summary>
    public int Heading(int number, string title)
    {
        var text = canvas.Coverage.Sanitize($"{number}. {title}");
        var lines = canvas.Wrap(text, theme.Heading, ReportCanvas.Width);
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
        canvas.Line(ReportTheme.Accent, 0.8, ReportCanvas.Left, canvas.Y, ReportCanvas.Right, canvas.Y);
        canvas.Y += BlockGap;
        return canvas.PageCount;
    }

    public void Subheading(ReportSubheading block)
    {
        var lines = canvas.Wrap(canvas.Coverage.Sanitize(block.Text), theme.Subheading, ReportCanvas.Width);
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
            .SelectMany(p => canvas.Wrap(canvas.Coverage.Sanitize(p.TrimEnd('\r')), font, ReportCanvas.Width - indent))
            .ToList();
        var index = 0;
        while (index < lines.Count)
        {
            // Avoid a lone first line at the bottom of a page.
            canvas.EnsureSpace(Math.Min(lines.Count - index, 2) * lineHeight);
            var start = canvas.Y;
            while (index < lines.Count && canvas.Y + lineHeight <= ReportCanvas.Bottom)
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
        var width = (ReportCanvas.Width - ((PerLine - 1) * Gap)) / PerLine;
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
                canvas.Text(canvas.Ellipsize(canvas.Coverage.Sanitize(figure.Value), theme.FigureValue, inner), theme.FigureValue, tone, x + 9, top + 19);
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

        var totalWeight = columns.Sum(c => Math.Max(c.Weight, 0.01));
        var widths = columns.Select(c => ReportCanvas.Width * Math.Max(c.Weight, 0.01) / totalWeight).ToArray();
        var lefts = new double[columns.Count];
        for (var c = 1; c < columns.Count; c++)
        {
            lefts[c] = lefts[c - 1] + widths[c - 1];
        }

        var lineHeight = theme.Cell.GetHeight();
        var caption = block.Caption is null ? null : canvas.Coverage.Sanitize(block.Caption);
        var headers = columns.Select((c, i) => canvas.Wrap(canvas.Coverage.Sanitize(c.Header), theme.CellBold, widths[i] - (2 * CellPadX), 3)).ToList();
        var headerHeight = (headers.Max(h => h.Count) * lineHeight) + (2 * CellPadY) + 1;
        var captionHeight = caption is null ? 0 : theme.BodyBold.GetHeight() + 4;

        // Caption, header and a first row stay together.
        canvas.EnsureSpace(captionHeight + headerHeight + (3 * lineHeight) + 12);
        if (caption is not null)
        {
            canvas.Text(canvas.Ellipsize(caption, theme.BodyBold, ReportCanvas.Width), theme.BodyBold, ReportTheme.Ink, ReportCanvas.Left, canvas.Y);
            canvas.Y += captionHeight;
        }

        var rowIndex = 0;
        var cells = new List<string>[columns.Count];
        await foreach (var row in block.Rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (row.Count != columns.Count)
            {
                throw new InvalidOperationException(
                    $"Row {rowIndex + 1} of table '{block.Caption}' has {row.Count} cells; the table has {columns.Count} columns.");
            }

            if (rowIndex == 0)
            {
                DrawHeader(columns, headers, lefts, widths, headerHeight, lineHeight);
            }

            var lines = 1;
            for (var c = 0; c < columns.Count; c++)
            {
                cells[c] = canvas.Wrap(canvas.Coverage.Sanitize(row[c]), theme.Cell, widths[c] - (2 * CellPadX), MaxCellLines);
                lines = Math.Max(lines, cells[c].Count);
            }

            var height = (lines * lineHeight) + (2 * CellPadY);
            if (canvas.Y + height > ReportCanvas.Bottom)
            {
                canvas.NewPage();
                if (caption is not null)
                {
                    canvas.Text(canvas.Ellipsize(caption + " (continued)", theme.Small, ReportCanvas.Width), theme.Small, ReportTheme.Muted, ReportCanvas.Left, canvas.Y);
                    canvas.Y += theme.Small.GetHeight() + 3;
                }

                DrawHeader(columns, headers, lefts, widths, headerHeight, lineHeight);
            }

            if (rowIndex % 2 == 1)
            {
                canvas.Fill(ReportTheme.ZebraFill, ReportCanvas.Left, canvas.Y, ReportCanvas.Width, height);
            }

            for (var c = 0; c < columns.Count; c++)
            {
                var y = canvas.Y + CellPadY;
                foreach (var line in cells[c])
                {
                    if (columns[c].Align == ReportAlign.Right)
                    {
                        canvas.TextRight(line, theme.Cell, ReportTheme.Ink, ReportCanvas.Left + lefts[c] + widths[c] - CellPadX, y);
                    }
                    else
                    {
                        canvas.Text(line, theme.Cell, ReportTheme.Ink, ReportCanvas.Left + lefts[c] + CellPadX, y);
                    }

                    y += lineHeight;
                }
            }

            canvas.Y += height;
            rowIndex++;
            RowsDrawn++;
            if (RowsDrawn % ProgressEvery == 0)
            {
                progress?.Report(new ReportProgress(RowsDrawn, canvas.PageCount));
            }
        }

        if (rowIndex == 0)
        {
            var empty = canvas.Wrap(canvas.Coverage.Sanitize(block.EmptyText), theme.BodyItalic, ReportCanvas.Width);
            foreach (var line in empty)
            {
                canvas.Text(line, theme.BodyItalic, ReportTheme.Muted, ReportCanvas.Left, canvas.Y);
                canvas.Y += theme.BodyItalic.GetHeight();
            }
        }
        else
        {
            canvas.Line(ReportTheme.Rule, 0.6, ReportCanvas.Left, canvas.Y, ReportCanvas.Right, canvas.Y);
        }

        canvas.Y += BlockGap + 4;
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
            canvas.Text(canvas.Ellipsize(title, theme.BodyBold, ReportCanvas.Width), theme.BodyBold, ReportTheme.Ink, ReportCanvas.Left, canvas.Y);
            canvas.Y += titleHeight;
            canvas.Graphics.DrawRectangle(new XPen(ReportTheme.Rule, 0.6), ReportCanvas.Left, canvas.Y, ReportCanvas.Width, 50);
            canvas.TextCentered("No data in the period", theme.BodyItalic, ReportTheme.Muted, ReportCanvas.Left + (ReportCanvas.Width / 2), canvas.Y + 19);
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
        var plotWidth = ReportCanvas.Right - plotLeft;

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

        canvas.Text(canvas.Ellipsize(title, theme.BodyBold, ReportCanvas.Width), theme.BodyBold, ReportTheme.Ink, ReportCanvas.Left, canvas.Y);
        canvas.Y += titleHeight;
        canvas.Text(canvas.Ellipsize(canvas.Coverage.Sanitize(chart.ValueLabel), theme.Small, ReportCanvas.Width), theme.Small, ReportTheme.Muted, ReportCanvas.Left, canvas.Y);
        canvas.Y += valueLabelHeight;

        var plotTop = canvas.Y;
        var plotBottom = plotTop + PlotHeight;
        double Scale(double v) => plotBottom - (v / top * PlotHeight);
        foreach (var tick in ticks)
        {
            var y = Scale(tick);
            if (tick > 0)
            {
                canvas.Line(ReportTheme.Grid, 0.5, plotLeft, y, ReportCanvas.Right, y);
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

        canvas.Line(ReportTheme.Muted, 0.8, plotLeft, plotBottom, ReportCanvas.Right, plotBottom);

        // Thin out the category labels so that they never touch.
        var labels = chart.Categories.Select(c => canvas.Coverage.Sanitize(c)).ToList();
        var widest = labels.Max(l => canvas.Measure(l, theme.Small)) + 6;
        var every = Math.Max(1, (int)Math.Ceiling(widest / band));
        for (var i = 0; i < categories; i += every)
        {
            var label = canvas.Ellipsize(labels[i], theme.Small, (band * every) - 4);
            var width = canvas.Measure(label, theme.Small);
            var x = Math.Clamp(plotLeft + (i * band) + (band / 2) - (width / 2), ReportCanvas.Left, ReportCanvas.Right - width);
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

    private void DrawHeader(IReadOnlyList<ReportColumn> columns, List<List<string>> headers, double[] lefts, double[] widths, double height, double lineHeight)
    {
        canvas.Fill(ReportTheme.HeaderFill, ReportCanvas.Left, canvas.Y, ReportCanvas.Width, height);
        for (var c = 0; c < headers.Count; c++)
        {
            var y = canvas.Y + CellPadY;
            foreach (var line in headers[c])
            {
                if (columns[c].Align == ReportAlign.Right)
                {
                    canvas.TextRight(line, theme.CellBold, ReportTheme.Ink, ReportCanvas.Left + lefts[c] + widths[c] - CellPadX, y);
                }
                else
                {
                    canvas.Text(line, theme.CellBold, ReportTheme.Ink, ReportCanvas.Left + lefts[c] + CellPadX, y);
                }

                y += lineHeight;
            }
        }

        canvas.Y += height;
        canvas.Line(ReportTheme.Muted, 0.6, ReportCanvas.Left, canvas.Y, ReportCanvas.Right, canvas.Y);
    }
}
