using System.Globalization;
using AdminConsole.Domain.Access;
using AdminConsole.Domain.Model.Dlp;
using AdminConsole.Domain.Queries;
using AdminConsole.Domain.UseCases;
using AdminConsole.Web.Components.Ui;
using AdminConsole.Web.Security;
using Microsoft.AspNetCore.Components;

namespace AdminConsole.Web.Components.Pages.Dlp;

/// <summary>
/// A workspace's DLP alerts: a chart per day and detector, the filtered list (filters in the address), and an alert's
/// detail where the workspace's admins acknowledge or resolve it. Another workspace's alerts read exactly like a
/// workspace that does not exist.
/// </summary>
public partial class WorkspaceDlpAlerts
{
    public const int ChartDays = 30;

    private static readonly IReadOnlyList<GridColumn> Columns =
    [
        new("Detected (UTC)"), new("Detector"), new("Severity"), new("Source"), new("Redacted excerpt"), new("Status"), new("Details", HiddenTitle: true),
    ];

    private readonly FilterModel _filters = new();
    private readonly NoteModel _noteModel = new();
    private FormFeedback _feedback = null!;
    private FormFeedback _note = null!;
    private ConsoleGrid<DlpAlertRow>? _grid;
    private ElementReference _detailHeading;
    private bool _focusDetail;
    private DlpWorkspaceView? _workspace;
    private List<TrendLine> _lines = [];
    private int? _total;
    private DlpAlertRow? _selected;
    private IReadOnlyList<DlpAlertRow> _rows = [];
    private bool _busy;

    [Parameter]
    public Guid Id { get; set; }

    [Inject]
    public required DlpUseCases Dlp { get; init; }

    [Inject]
    public required ConsoleActions Actions { get; init; }

    [Inject]
    public required UserContext UserContext { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required TimeProvider Clock { get; init; }

    [SupplyParameterFromQuery(Name = "detector")]
    public string? DetectorQuery { get; set; }

    [SupplyParameterFromQuery(Name = "severity")]
    public string? SeverityQuery { get; set; }

    [SupplyParameterFromQuery(Name = "source")]
    public string? SourceQuery { get; set; }

    [SupplyParameterFromQuery(Name = "status")]
    public string? StatusQuery { get; set; }

    private List<DateOnly> ChartAxis
    {
        get
        {
            var today = DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);
            return [.. Enumerable.Range(0, ChartDays).Select(i => today.AddDays(i - ChartDays + 1))];
        }
    }

    private string ChartLabel =>
        $"Stacked columns of the DLP alerts per day and detector over the last {ChartDays} days: "
        + string.Join("; ", _lines.Select(s => $"{s.Title} {s.Points.Values.Sum().ToString(CultureInfo.InvariantCulture)}")) + ".";

    private string ResultText => _total is not { } total ? "Loading alerts…" : $"{total.ToString("N0", CultureInfo.InvariantCulture)} alert{(total == 1 ? string.Empty : "s")}";

    protected override void OnInitialized()
    {
        _feedback = new FormFeedback(_filters);
        _note = new FormFeedback(_noteModel);
        _filters.Detector = string.IsNullOrWhiteSpace(DetectorQuery) ? null : DetectorQuery;
        _filters.Severity = UrlState.Enum<DlpSeverity>(SeverityQuery);
        _filters.Source = UrlState.Enum<DlpSource>(SourceQuery);
        _filters.Status = UrlState.Enum<DlpAlertStatus>(StatusQuery);
    }

    protected override async Task OnParametersSetAsync()
    {
        var outcome = await Dlp.WorkspaceAsync(await UserContext.GetAsync(), Id);
        if (!outcome.Succeeded)
        {
            _workspace = null;
            Navigation.NotFound();
            return;
        }

        _workspace = outcome.Value;
        await LoadChartAsync();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_focusDetail)
        {
            _focusDetail = false;
            await _detailHeading.FocusAsync();
        }
    }

    private DlpAlertFilter Filter() => new(
        _filters.Detector, _filters.Severity, _filters.Source, _filters.Status,
        _filters.From is { } from ? new DateTimeOffset(DateTime.SpecifyKind(from.Date, DateTimeKind.Utc)) : null,
        _filters.To is { } to ? new DateTimeOffset(DateTime.SpecifyKind(to.Date, DateTimeKind.Utc)) : null);

    private async Task<GridPage<DlpAlertRow>> LoadAsync(GridRequest request, CancellationToken cancellationToken)
    {
        var outcome = await Dlp.AlertsAsync(await UserContext.GetAsync(), Id, Filter(), request.Skip, request.Take, cancellationToken);
        _feedback.Clear();
        if (!outcome.Succeeded)
        {
            _feedback.Show(outcome);
            _rows = [];
            _total = 0;
            StateHasChanged();
            return new GridPage<DlpAlertRow>([], 0);
        }

        (_rows, var total) = outcome.Value;
        _total = total;
        StateHasChanged();
        return new GridPage<DlpAlertRow>(_rows, total);
    }

    private async Task LoadChartAsync()
    {
        var outcome = await Dlp.PerDayAsync(await UserContext.GetAsync(), Id, Filter(), ChartDays);
        var days = outcome.Succeeded ? outcome.Value : [];
        _lines = [.. days.Select(d => d.DetectorName).Distinct(StringComparer.Ordinal).Order(StringComparer.OrdinalIgnoreCase)
            .Select(name => new TrendLine(name, ChartAxis.ToDictionary(day => day, day => days.Where(d => d.Day == day && d.DetectorName == name).Sum(d => d.Count))))];
    }

    private Task DetectorAsync(string? value)
    {
        _filters.Detector = value;
        return ApplyAsync();
    }

    private Task SeverityAsync(DlpSeverity? value)
    {
        _filters.Severity = value;
        return ApplyAsync();
    }

    private Task SourceAsync(DlpSource? value)
    {
        _filters.Source = value;
        return ApplyAsync();
    }

    private Task StatusAsync(DlpAlertStatus? value)
    {
        _filters.Status = value;
        return ApplyAsync();
    }

    private Task FromAsync(DateTime? value)
    {
        _filters.From = value;
        return ApplyAsync();
    }

    private Task ToAsync(DateTime? value)
    {
        _filters.To = value;
        return ApplyAsync();
    }

    private async Task ApplyAsync()
    {
        _selected = null;
        UrlState.Keep(Navigation, new Dictionary<string, object?>
        {
            ["detector"] = _filters.Detector,
            ["severity"] = _filters.Severity?.ToString(),
            ["source"] = _filters.Source?.ToString(),
            ["status"] = _filters.Status?.ToString(),
        });
        if (_grid is not null)
            await _grid.ReloadAsync();
        await LoadChartAsync();
    }

    private void Select(DlpAlertRow row)
    {
        _selected = row;
        _noteModel.StatusNote = null;
        _note.Clear();
        _focusDetail = true;
    }

    private async Task ChangeAsync(bool resolve)
    {
        if (_selected is not { } alert)
            return;
        _busy = true;
        try
        {
            var user = await UserContext.GetAsync();
            var note = _noteModel.StatusNote;
            var outcome = resolve
                ? await Actions.RunAsync(() => Dlp.ResolveAsync(user, Id, alert.Id, note), "Alert resolved", _note)
                : await Actions.RunAsync(() => Dlp.AcknowledgeAsync(user, Id, alert.Id, note), "Alert acknowledged", _note);
            if (!outcome.Succeeded)
                return;
            if (_grid is not null)
                await _grid.ReloadAsync(firstPage: false);
            _selected = _rows.SingleOrDefault(r => r.Id == alert.Id);
            _noteModel.StatusNote = null;
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>The filters; the period's end is named as the use case names it, so its refusal shows next to it.</summary>
    private sealed class FilterModel
    {
        public string? Detector { get; set; }

        public DlpSeverity? Severity { get; set; }

        public DlpSource? Source { get; set; }

        public DlpAlertStatus? Status { get; set; }

        public DateTime? From { get; set; }

        public DateTime? To { get; set; }
    }

    /// <summary>The note on an alert, named as the model names it.</summary>
    private sealed class NoteModel
    {
        public string? StatusNote { get; set; }
    }
}
