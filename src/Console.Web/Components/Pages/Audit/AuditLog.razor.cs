using System.Globalization;
using AdminConsole.Domain.Audit;
using AdminConsole.Domain.UseCases;
using AdminConsole.Web.Components.Ui;
using AdminConsole.Web.Security;
using Microsoft.AspNetCore.Components;

namespace AdminConsole.Web.Components.Pages.Audit;

/// <summary>
/// The audit log, newest first, a page at a time from the server; its filters, page and page size live in the address.
/// A filter that cannot be read (a workspace id that is not one, a period that ends before it starts) says so next to it.
/// </summary>
public partial class AuditLog
{
    private static readonly IReadOnlyList<GridColumn> Columns =
    [
        new("#"), new("When (UTC)"), new("Actor"), new("Action"), new("Target"), new("Workspace"), new("Source IP"),
    ];

    private readonly FilterModel _model = new();
    private FormFeedback _feedback = null!;
    private ConsoleGrid<AuditLogItem>? _grid;
    private AuditLogView? _view;
    private int? _total;
    private bool _verifying;
    private AuditVerification? _verification;

    [Inject]
    public required AuditUseCases Audit { get; init; }

    [Inject]
    public required ConsoleActions Actions { get; init; }

    [Inject]
    public required UserContext UserContext { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [SupplyParameterFromQuery(Name = "from")]
    public string? FromQuery { get; set; }

    [SupplyParameterFromQuery(Name = "to")]
    public string? ToQuery { get; set; }

    [SupplyParameterFromQuery(Name = "actor")]
    public string? ActorQuery { get; set; }

    [SupplyParameterFromQuery(Name = "action")]
    public string? ActionQuery { get; set; }

    [SupplyParameterFromQuery(Name = "workspace")]
    public string? WorkspaceQuery { get; set; }

    private bool Filtered => _model.From is not null || _model.To is not null || !string.IsNullOrWhiteSpace(_model.Actor)
        || _model.Action is not null || !string.IsNullOrWhiteSpace(_model.Workspace);

    private string ResultText => _total is not { } total
        ? "Loading entries…"
        : $"{total.ToString("N0", CultureInfo.InvariantCulture)} entr{(total == 1 ? "y" : "ies")}";

    protected override void OnInitialized()
    {
        _feedback = new FormFeedback(_model);
        _model.From = Day(FromQuery);
        _model.To = Day(ToQuery);
        _model.Actor = ActorQuery;
        _model.Action = string.IsNullOrWhiteSpace(ActionQuery) ? null : ActionQuery;
        _model.Workspace = WorkspaceQuery;
    }

    private async Task<GridPage<AuditLogItem>> LoadAsync(GridRequest request, CancellationToken cancellationToken)
    {
        var outcome = await Audit.LogAsync(await UserContext.GetAsync(), Filter(), request.Skip, request.Take, cancellationToken);
        _feedback.Clear();
        if (!outcome.Succeeded)
        {
            _feedback.Show(outcome);
            _view = null;
            _total = 0;
            StateHasChanged();
            return new GridPage<AuditLogItem>([], 0);
        }

        _view = outcome.Value;
        _total = _view.Total;
        StateHasChanged();
        return new GridPage<AuditLogItem>(_view.Items, _view.Total);
    }

    private AuditLogFilter Filter() => new(
        _model.From is { } from ? DateOnly.FromDateTime(from) : null,
        _model.To is { } to ? DateOnly.FromDateTime(to) : null,
        _model.Actor, _model.Action, _model.Workspace);

    private Task FromAsync(DateTime? value)
    {
        _model.From = value;
        return ApplyAsync();
    }

    private Task ToAsync(DateTime? value)
    {
        _model.To = value;
        return ApplyAsync();
    }

    private Task ActorAsync(string? value)
    {
        _model.Actor = value;
        return ApplyAsync();
    }

    private Task ActionAsync(string? value)
    {
        _model.Action = value;
        return ApplyAsync();
    }

    private Task WorkspaceAsync(string? value)
    {
        _model.Workspace = value;
        return ApplyAsync();
    }

    private Task ClearFiltersAsync()
    {
        _model.From = null;
        _model.To = null;
        _model.Actor = null;
        _model.Action = null;
        _model.Workspace = null;
        return ApplyAsync();
    }

    private Task ApplyAsync()
    {
        UrlState.Keep(Navigation, new Dictionary<string, object?>
        {
            ["from"] = _model.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["to"] = _model.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["actor"] = string.IsNullOrWhiteSpace(_model.Actor) ? null : _model.Actor.Trim(),
            ["action"] = _model.Action,
            ["workspace"] = string.IsNullOrWhiteSpace(_model.Workspace) ? null : _model.Workspace.Trim(),
        });
        return _grid?.ReloadAsync() ?? Task.CompletedTask;
    }

    private async Task VerifyAsync()
    {
        _verifying = true;
        try
        {
            var user = await UserContext.GetAsync();
            var outcome = await Audit.VerifyAsync(user);
            _verification = outcome.Succeeded ? outcome.Value : null;
            if (!outcome.Succeeded)
                Actions.Say(outcome.Message ?? "Not verified.", MudBlazor.Severity.Error);
        }
        finally
        {
            _verifying = false;
        }
    }

    /// <summary>The export of what the filters select, as "csv" or "jsonl".</summary>
    private string ExportHref(string format)
    {
        var query = new Dictionary<string, string?>
        {
            ["from"] = _model.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["to"] = _model.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["actor"] = string.IsNullOrWhiteSpace(_model.Actor) ? null : _model.Actor,
            ["workspace"] = Guid.TryParse(_model.Workspace, out var w) ? w.ToString() : null,
            ["action"] = _model.Action,
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString($"api/console/audit/entries.{format}", query.Where(q => q.Value is not null).ToDictionary(q => q.Key, q => q.Value));
    }

    private static DateTime? Day(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day.ToDateTime(TimeOnly.MinValue) : null;

    private static string ShortId(string id) => id.Length > 8 ? id[..8] + "…" : id;

    /// <summary>The filters, named as the use case names their fields, so a refusal shows next to its field.</summary>
    private sealed class FilterModel
    {
        public DateTime? From { get; set; }

        public DateTime? To { get; set; }

        public string? Actor { get; set; }

        public string? Action { get; set; }

        public string? Workspace { get; set; }
    }
}
