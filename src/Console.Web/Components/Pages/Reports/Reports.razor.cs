using AdminConsole.Domain.Model.Reports;
using AdminConsole.Domain.UseCases;
using AdminConsole.Jobs.Reports;
using AdminConsole.Web.Components.Ui;
using AdminConsole.Web.Security;
using Microsoft.AspNetCore.Components;

namespace AdminConsole.Web.Components.Pages.Reports;

/// <summary>
/// Asks for audit reports and lists the archive. Generation runs in a job, so the page only queues a report and
/// then reads the archive's page again every second while a report on it is queued or running.
/// </summary>
public partial class Reports : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private static readonly IReadOnlyList<GridColumn> Columns =
    [
        new("Period"), new("Scope"), new("Requested"), new("Status"), new("File"), new("SHA-256"),
    ];

    private readonly CancellationTokenSource _disposed = new();
    private readonly ReportFormModel _model = new();
    private FormFeedback _feedback = null!;
    private ReportFormView? _form;
    private ConsoleGrid<AuditReport>? _grid;
    private ReportSigningState _signing = new(false, null);
    private bool _saving;
    private Timer? _poll;

    [Inject]
    public required ReportUseCases ReportUseCases { get; init; }

    [Inject]
    public required ReportSigning Signing { get; init; }

    [Inject]
    public required ConsoleActions Actions { get; init; }

    [Inject]
    public required UserContext UserContext { get; init; }

    public void Dispose()
    {
        _poll?.Dispose();
        _disposed.Cancel();
        _disposed.Dispose();
        GC.SuppressFinalize(this);
    }

    protected override async Task OnInitializedAsync()
    {
        _feedback = new FormFeedback(_model);
        _signing = Signing.State;
        var form = await ReportUseCases.FormAsync(await UserContext.GetAsync(), _disposed.Token);
        if (!form.Succeeded)
            return;
        _form = form.Value;
        _model.WorkspaceId = _form.MayChooseAllWorkspaces
            ? WorkspaceChoice.All
            : _form.SuggestedWorkspace is { } mine ? new WorkspaceChoice(mine.Id, mine.Name) : null;
        _model.FromDay = _form.SuggestedFrom.ToDateTime(TimeOnly.MinValue);
        _model.ToDay = _form.SuggestedTo.ToDateTime(TimeOnly.MinValue);
    }

    private async Task<GridPage<AuditReport>> LoadAsync(GridRequest request, CancellationToken cancellationToken)
    {
        var outcome = await ReportUseCases.ArchiveAsync(await UserContext.GetAsync(), request.Skip, request.Take, cancellationToken);
        if (!outcome.Succeeded)
            return new GridPage<AuditReport>([], 0);
        if (outcome.Value.AnyInProgress)
            SchedulePoll();
        return new GridPage<AuditReport>(outcome.Value.Items, outcome.Value.Total);
    }

    /// <summary>While a report of the page is in progress, reads the page again a second later (without the loading bar).</summary>
    private void SchedulePoll()
    {
        if (_disposed.IsCancellationRequested)
            return;
        _poll?.Dispose();
        _poll = new Timer(_ => _ = InvokeAsync(async () =>
        {
            if (_disposed.IsCancellationRequested || _grid is null)
                return;
            await _grid.RefreshAsync();
        }), null, PollInterval, Timeout.InfiniteTimeSpan);
    }

    private async Task GenerateAsync()
    {
        _saving = true;
        try
        {
            var user = await UserContext.GetAsync();
            var scope = _model.WorkspaceId;
            if (scope is null)
            {
                _feedback.Show(AdminConsole.Domain.Access.Outcome.Refused(ReportUseCases.WorkspaceField, "Choose the workspace the report is about."));
                return;
            }

            var outcome = await Actions.RunAsync(
                () => ReportUseCases.RequestAsync(user, scope.Id, Day(_model.FromDay), Day(_model.ToDay), _disposed.Token),
                "Report queued: it is generated in the background, and its progress shows in the archive.",
                _feedback);
            if (outcome.Succeeded && _grid is not null)
                await _grid.ReloadAsync();
        }
        finally
        {
            _saving = false;
        }
    }

    private static DateOnly? Day(DateTime? value) => value is { } day ? DateOnly.FromDateTime(day) : null;

    private static string Size(long? bytes) => bytes switch
    {
        null => "–",
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KB",
        _ => $"{bytes / (1024.0 * 1024):0.#} MB",
    };
}
