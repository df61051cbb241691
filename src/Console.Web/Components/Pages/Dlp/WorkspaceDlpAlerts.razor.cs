using System.Globalization;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Dlp;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Queries;
using AdminConsole.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Radzen;
using Radzen.Blazor;

namespace AdminConsole.Web.Components.Pages.Dlp;

/// <summary>
/// A workspace's DLP alerts: a chart per day and detector, the filtered list, and an alert's detail where the
/// workspace's admins acknowledge or resolve it. Readers are those of the AI settings; another workspace's alerts
/// read exactly like a workspace that does not exist.
/// </summary>
public partial class WorkspaceDlpAlerts
{
    public const int ChartDays = 30;

    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;
    private static readonly string[] Colours = ["#1565c0", "#c62828", "#6a1b9a", "#2e7d32", "#8d4e00", "#00695c", "#37474f", "#ad1457"];
    private static readonly IReadOnlyList<DlpSeverity?> Severities = [.. Enum.GetValues<DlpSeverity>().Select(s => (DlpSeverity?)s)];
    private static readonly IReadOnlyList<DlpAlertStatus?> Statuses = [.. Enum.GetValues<DlpAlertStatus>().Select(s => (DlpAlertStatus?)s)];
    private static readonly IReadOnlyList<SourceOption> Sources = [new(DlpSource.Prompt, "Prompts"), new(DlpSource.AiOutput, "AI outputs")];

    private RadzenDataGrid<DlpAlertRow>? _grid;
    private ElementReference _detailHeading;
    private bool _focusDetail;
    private string? _workspaceName;
    private bool _canManage;
    private IReadOnlyList<DlpAlertRow>? _rows;
    private int _total;
    private IReadOnlyList<DetectorOption> _detectors = [];
    private IReadOnlyList<DlpAlertDay> _days = [];
    private List<ChartSeries> _series = [];
    private string? _detector;
    private DlpSeverity? _severity;
    private DlpSource? _source;
    private DlpAlertStatus? _status;
    private DateTime? _from;
    private DateTime? _to;
    private string? _filterError;
    private DlpAlertRow? _selected;
    private string? _note;
    private string? _noteError;
    private bool _busy;

    [Parameter]
    public Guid Id { get; set; }

    [Inject]
    public required IDbContextFactory<ConsoleDbContext> DbFactory { get; init; }

    [Inject]
    public required DlpCommands Commands { get; init; }

    [Inject]
    public required NotificationService Notifications { get; init; }

    [Inject]
    public required UserContext UserContext { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required TimeProvider Clock { get; init; }

    private string ChartLabel =>
        $"Stacked columns of DLP alerts per day over the last {ChartDays} days: "
        + string.Join("; ", _series.Select(s => $"{s.Title} {s.Points.Sum(p => p.Count).ToString(Culture)}")) + ".";

    protected override async Task OnParametersSetAsync()
    {
        var user = await UserContext.GetAsync();
        await using var db = await DbFactory.CreateDbContextAsync();
        if (!await db.CanViewAiSettingsAsync(user, Id))
        {
            Navigation.NotFound();
            return;
        }

        _workspaceName = await db.Workspaces.AsNoTracking().Where(w => w.Id == Id).Select(w => w.Name).SingleAsync();
        _canManage = await db.CanManageAiSettingsAsync(user, Id);
        _detectors = [.. (await DlpAlertQuery.DetectorsSeenAsync(db, Id)).Select(d => new DetectorOption(d.Id, d.Name))];
        await LoadChartAsync(db);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_focusDetail)
        {
            _focusDetail = false;
            await _detailHeading.FocusAsync();
        }
    }

    private DlpAlertFilter? Filter()
    {
        _filterError = null;
        if (_from is { } f && _to is { } t && t <= f)
        {
            _filterError = "'To' must be after 'From'.";
            return null;
        }

        return new DlpAlertFilter(
            _detector, _severity, _source, _status,
            _from is { } from ? new DateTimeOffset(DateTime.SpecifyKind(from.Date, DateTimeKind.Utc)) : null,
            _to is { } to ? new DateTimeOffset(DateTime.SpecifyKind(to.Date, DateTimeKind.Utc)) : null);
    }

    private async Task LoadAsync(LoadDataArgs args)
    {
        if (Filter() is not { } filter)
        {
            (_rows, _total) = ([], 0);
            return;
        }

        await using var db = await DbFactory.CreateDbContextAsync();
        (_rows, _total) = await DlpAlertQuery.PageAsync(db, Id, filter, args.Skip ?? 0, args.Top ?? 25);
    }

    private async Task LoadChartAsync(ConsoleDbContext db)
    {
        if (Filter() is not { } filter)
            return;
        var now = Clock.GetUtcNow();
        _days = await DlpAlertQuery.PerDayAsync(db, Id, filter, now, ChartDays);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var axis = Enumerable.Range(0, ChartDays).Select(i => today.AddDays(i - ChartDays + 1)).ToList();
        _series = [.. _days.Select(d => d.DetectorName).Distinct(StringComparer.Ordinal).Order(StringComparer.OrdinalIgnoreCase).Select((name, i) => new ChartSeries(
            name,
            Colours[i % Colours.Length],
            [.. axis.Select(day => new ChartPoint(day.ToDateTime(TimeOnly.MinValue), _days.Where(d => d.Day == day && d.DetectorName == name).Sum(d => d.Count)))]))];
    }

    private async Task ApplyAsync()
    {
        _selected = null;
        if (_grid is not null)
            await _grid.FirstPage(true);
        await using var db = await DbFactory.CreateDbContextAsync();
        await LoadChartAsync(db);
    }

    private void Select(DlpAlertRow row)
    {
        _selected = row;
        _note = null;
        _noteError = null;
        _focusDetail = true;
    }

    private async Task ChangeAsync(bool resolve)
    {
        if (_selected is not { } alert)
            return;
        _noteError = null;
        _busy = true;
        try
        {
            var actor = await DbFactory.RequireAiSettingsManagerAsync(await UserContext.GetAsync(), Id);
            if (resolve)
                await Commands.ResolveAsync(actor, Id, alert.Id, _note);
            else
                await Commands.AcknowledgeAsync(actor, Id, alert.Id, _note);
            Notifications.Notify(NotificationSeverity.Success, resolve ? "Alert resolved" : "Alert acknowledged");
            if (_grid is not null)
                await _grid.Reload();
            _selected = _rows?.SingleOrDefault(r => r.Id == alert.Id);
            _note = null;
        }
        catch (DomainRuleException ex)
        {
            _noteError = ex.Message;
        }
        finally
        {
            _busy = false;
        }
    }

    private static string SourceText(DlpSource source) => source == DlpSource.Prompt ? "Prompt" : "AI output";

    private sealed record DetectorOption(string Id, string Name);

    private sealed record SourceOption(DlpSource? Value, string Text);

    private sealed record ChartPoint(DateTime Day, int Count);

    private sealed record ChartSeries(string Title, string Colour, List<ChartPoint> Points);
}
