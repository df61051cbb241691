using System.Globalization;
using AdminConsole.Domain.Model.Posture;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Queries;
using AdminConsole.Jobs.Posture;
using AdminConsole.Jobs.Retention;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Web.Components.Pages.Posture;

public partial class PostureOverview
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    // Distinct at a glance and each at least 4.5:1 on white.
    private static readonly string[] Colours = ["#1565c0", "#c62828", "#6a1b9a", "#2e7d32", "#8d4e00", "#00695c"];

    private static readonly Period[] Periods = [new(30, "30 days"), new(90, "90 days")];

    private PostureSummary? _summary;
    private int _days = 30;
    private List<TrendSeries> _series = [];

    [Inject]
    public required IDbContextFactory<ConsoleDbContext> DbFactory { get; init; }

    [Inject]
    public required TimeProvider Clock { get; init; }

    [Inject]
    public required RetentionOptions Retention { get; init; }

    private string TotalText => _summary is null ? string.Empty : $"{Violations(_summary.Total)} in all";

    private string HoldsText => _summary is not { Holds: var holds }
        ? string.Empty
        : $"{holds.WorkspacesUnderHold.ToString("N0", Culture)} workspace{(holds.WorkspacesUnderHold == 1 ? string.Empty : "s")} under a legal hold, "
          + $"{holds.ItemsHeld.ToString("N0", Culture)} item{(holds.ItemsHeld == 1 ? string.Empty : "s")} kept past their time by holds at the latest purge runs.";

    private string TrendLabel =>
        $"Line chart of the daily violations per rule over the last {_days} days; latest: "
        + string.Join("; ", _series.Select(s => $"{s.Title} {(s.Points.Count == 0 ? "no data" : s.Points[^1].Count.ToString(Culture))}")) + ".";

    /// <summary>Whole counts: with small ones a step of one, so the axis never shows half a violation.</summary>
    private object? ValueStep => _series.SelectMany(s => s.Points).Select(p => p.Count).DefaultIfEmpty(0).Max() <= 10 ? 1 : null;

    protected override async Task OnInitializedAsync()
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        _summary = await PostureQuery.SummaryAsync(db, PostureJobs.Retention(Retention), Clock.GetUtcNow());
        await LoadTrendAsync(db);
    }

    private static string Violations(int count) => $"{count.ToString("N0", Culture)} violation{(count == 1 ? string.Empty : "s")}";

    private async Task ChangePeriodAsync(int days)
    {
        _days = days;
        await using var db = await DbFactory.CreateDbContextAsync();
        await LoadTrendAsync(db);
    }

    private async Task LoadTrendAsync(ConsoleDbContext db)
    {
        var today = DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);
        var points = await PostureQuery.TrendAsync(db, today.AddDays(1 - _days));
        _series = [.. PostureRules.All.Select((rule, i) => new TrendSeries(
            rule.Name,
            Colours[i % Colours.Length],
            [.. points.Where(p => p.RuleCode == rule.Code).Select(p => new TrendPoint(p.Day.ToDateTime(TimeOnly.MinValue), p.Count))]))];
    }

    private sealed record Period(int Days, string Text);

    private sealed record TrendPoint(DateTime Day, int Count);

    private sealed record TrendSeries(string Title, string Colour, List<TrendPoint> Points);
}
