using AdminConsole.Web.Components.Ui;
using Bunit;

namespace AdminConsole.Web.Tests.Components;

/// <summary>The posture's trend chart: a tick per day, no day labelled twice, whole counts, and a gap where a day has no figure.</summary>
public sealed class TrendChartTests : IDisposable
{
    private static readonly DateOnly Today = new(2026, 12, 5);

    private readonly BunitContext _bunit = new();

    public void Dispose() => _bunit.Dispose();

    [Fact]
    public void NinetyDays_GetATickEach_AndAtMostEightDistinctLabels_EndingToday()
    {
        var days = Days(90);
        var chart = Render(days, new TrendLine("Review overdue", days.ToDictionary(d => d, _ => 1)));

        var labels = chart.FindAll("text.day").Select(t => t.TextContent).ToList();
        Assert.InRange(labels.Count, 2, 8);
        Assert.Equal(labels.Count, labels.Distinct().Count());
        Assert.Equal("12-05", labels[^1]);
        Assert.Equal(90, chart.FindAll("line.axis").Count - 1);
    }

    [Fact]
    public void ADayWithoutASnapshot_BreaksTheLine_InsteadOfBridgingIt()
    {
        var days = Days(5);
        var points = new Dictionary<DateOnly, int> { [days[0]] = 2, [days[1]] = 3, [days[3]] = 1, [days[4]] = 1 };
        var chart = Render(days, new TrendLine("Certification expired", points));

        Assert.Equal(2, chart.FindAll("polyline").Count);
        Assert.Equal(4, chart.FindAll("circle").Count);
    }

    [Fact]
    public void Stacked_DrawsADaysCountsAsBlocksOnTopOfEachOther_AndScalesToTheDaysTotal()
    {
        var days = Days(3);
        var chart = _bunit.Render<TrendChart>(p => p
            .Add(c => c.Days, days)
            .Add(c => c.Series, new[]
            {
                new TrendLine("Payment card", new Dictionary<DateOnly, int> { [days[0]] = 2, [days[2]] = 1 }),
                new TrendLine("Email address", new Dictionary<DateOnly, int> { [days[0]] = 3 }),
            })
            .Add(c => c.Description, "Alerts")
            .Add(c => c.Stacked, true));

        var blocks = chart.FindAll("rect.column");
        Assert.Equal(3, blocks.Count);
        Assert.Empty(chart.FindAll("polyline"));

        // The first day's two blocks stand on each other: the second starts where the first ends, and together they reach the top (5 of 5).
        double Y(int i) => double.Parse(blocks[i].GetAttribute("y")!, System.Globalization.CultureInfo.InvariantCulture);
        double H(int i) => double.Parse(blocks[i].GetAttribute("height")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Y(0), Y(1) + H(1), 1);
        Assert.Equal(H(0) * 3 / 2, H(1), 1);
        Assert.Contains("5", chart.FindAll("text.value").Select(t => t.TextContent));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(3, 1)]
    [InlineData(7, 2)]
    [InlineData(12, 5)]
    [InlineData(40, 10)]
    [InlineData(2400, 500)]
    public void TheValueAxis_StepsInWholeNumbers_WithAtMostFiveGridlines(int max, int step)
    {
        Assert.Equal(step, TrendChart.Step(max));
        Assert.True(max / step <= 5);
    }

    [Fact]
    public void ItIsAnImageNamedByItsDescription_WithALegendForEachLine()
    {
        var days = Days(3);
        var chart = Render(days, new TrendLine("A", new Dictionary<DateOnly, int>()), new TrendLine("B", new Dictionary<DateOnly, int>()));

        Assert.Equal("The chart", chart.Find("svg").GetAttribute("aria-label"));
        Assert.Equal("img", chart.Find("svg").GetAttribute("role"));
        Assert.Equal(["A", "B"], chart.FindAll(".trend-legend li").Select(li => li.TextContent));
    }

    private static List<DateOnly> Days(int count) => [.. Enumerable.Range(0, count).Select(i => Today.AddDays(i + 1 - count))];

    private IRenderedComponent<TrendChart> Render(IReadOnlyList<DateOnly> days, params TrendLine[] lines) =>
        _bunit.Render<TrendChart>(p => p.Add(c => c.Days, days).Add(c => c.Series, lines).Add(c => c.Description, "The chart"));
}
