using System.Globalization;
using AdminConsole.Domain.Queries;
using AdminConsole.Domain.UseCases;
using AdminConsole.Web.Components.Ui;
using AdminConsole.Web.Security;
using Microsoft.AspNetCore.Components;

namespace AdminConsole.Web.Components.Pages.Posture;

public partial class PostureOverview
{
    private PostureSummary? _summary;
    private PostureTrend? _trend;
    private int _days = PostureUseCases.TrendPeriods[0];

    [Inject]
    public required PostureUseCases Posture { get; init; }

    [Inject]
    public required UserContext UserContext { get; init; }

    private string HoldsText => _summary is not { Holds: var holds }
        ? string.Empty
        : $"{holds.WorkspacesUnderHold.ToString("N0", CultureInfo.InvariantCulture)} workspace{(holds.WorkspacesUnderHold == 1 ? string.Empty : "s")} under a legal hold, "
          + $"{holds.ItemsHeld.ToString("N0", CultureInfo.InvariantCulture)} item{(holds.ItemsHeld == 1 ? string.Empty : "s")} kept past their time by holds at the latest purge runs.";

    /// <summary>Every day of the period, oldest first, whether or not a snapshot was taken on it.</summary>
    private List<DateOnly> TrendDays => _trend is null ? [] : [.. Enumerable.Range(0, _trend.Days).Select(i => _trend.Today.AddDays(i + 1 - _trend.Days))];

    private List<TrendLine> TrendLines => _trend is null ? [] :
        [.. _trend.Series.Select(s => new TrendLine(s.Rule.Name, s.Points.ToDictionary(p => p.Day, p => p.Count)))];

    private string TrendLabel => _trend is null ? string.Empty :
        $"Line chart of the daily violations per rule from {_trend.Today.AddDays(1 - _trend.Days):yyyy-MM-dd} to {_trend.Today:yyyy-MM-dd}; latest: "
        + string.Join("; ", _trend.Series.Select(s => $"{s.Rule.Name} {(s.Points.Count == 0 ? "no data" : s.Points[^1].Count.ToString(CultureInfo.InvariantCulture))}")) + ".";

    protected override async Task OnInitializedAsync()
    {
        var user = await UserContext.GetAsync();
        var summary = await Posture.SummaryAsync(user);
        _summary = summary.Succeeded ? summary.Value : null;
        await LoadTrendAsync();
    }

    private static string Violations(int count) => $"{count.ToString("N0", CultureInfo.InvariantCulture)} violation{(count == 1 ? string.Empty : "s")}";

    private async Task ChangePeriodAsync(int days)
    {
        _days = days;
        _trend = null;
        await LoadTrendAsync();
    }

    private async Task LoadTrendAsync()
    {
        var trend = await Posture.TrendAsync(await UserContext.GetAsync(), _days);
        _trend = trend.Succeeded ? trend.Value : null;
    }
}
