using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Queries;
using AdminConsole.Jobs.Reports;
using AdminConsole.Web.Components.Shared;
using AdminConsole.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Radzen;

namespace AdminConsole.Web.Components.Pages.Reports;

/// <summary>
/// Asks for audit reports and lists the archive. Generation runs in a job, so the page only queues a report and
/// then reads its progress from the archive every second while any report of the page is queued or running.
/// </summary>
public partial class Reports : IDisposable
{
    private const int PageSize = 20;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _disposed = new();
    private ReportFormModel _model = null!;
    private EditContext _editContext = null!;
    private ValidationMessageStore _domainErrors = null!;
    private string? _formError;
    private bool _saving;
    private bool _canGenerate;
    private bool _seesAll;
    private IReadOnlyList<(Guid Id, string Name)> _workspaces = [];
    private AuditReportPage? _page;
    private int _skip;
    private ReportSigningState _signing = new(false, null);
    private Timer? _poll;

    [Inject]
    public required IDbContextFactory<ConsoleDbContext> DbFactory { get; init; }

    [Inject]
    public required AuditReportCommands Commands { get; init; }

    [Inject]
    public required ReportGenerationTrigger Generator { get; init; }

    [Inject]
    public required ReportSigning Signing { get; init; }

    [Inject]
    public required UserContext UserContext { get; init; }

    [Inject]
    public required TimeProvider Clock { get; init; }

    [Inject]
    public required NotificationService Notifications { get; init; }

    public void Dispose()
    {
        _poll?.Dispose();
        _disposed.Cancel();
        _disposed.Dispose();
        GC.SuppressFinalize(this);
    }

    protected override async Task OnInitializedAsync()
    {
        var user = await UserContext.GetAsync();

        // The form shows once its model and edit context exist: the page renders at every await below.
        var mayGenerate = user.Satisfies(Policies.GenerateReports);
        _seesAll = user.SeesAllWorkspaces;
        _signing = Signing.State;
        await using (var db = await DbFactory.CreateDbContextAsync(_disposed.Token))
        {
            _workspaces = [.. (await db.Visible(user).AsNoTracking().OrderBy(w => w.Name).Select(w => new { w.Id, w.Name }).ToListAsync(_disposed.Token))
                .Select(w => (w.Id, w.Name))];
        }

        Reset();
        _canGenerate = mayGenerate && (_seesAll || _workspaces.Count > 0);
        await LoadAsync();
    }

    private void Reset()
    {
        // The previous calendar month: what an auditor asks for most.
        var today = DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);
        var first = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        _model = new ReportFormModel
        {
            WorkspaceId = _seesAll || _workspaces.Count == 0 ? ReportFormModel.AllWorkspaces : _workspaces[0].Id.ToString(),
            FromDay = first,
            ToDay = first.AddMonths(1).AddDays(-1),
        };
        _editContext = new EditContext(_model);
        _domainErrors = new ValidationMessageStore(_editContext);
        _editContext.OnFieldChanged += (_, e) => _domainErrors.Clear(e.FieldIdentifier);
    }

    private async Task LoadAsync()
    {
        var user = await UserContext.GetAsync();
        await using var db = await DbFactory.CreateDbContextAsync(_disposed.Token);
        _page = await AuditReportQuery.PageAsync(db, db.VisibleReportWorkspaceIds(user), _skip, PageSize, _disposed.Token);
        SchedulePoll();
    }

    /// <summary>While a report of the page is in progress, reads the archive again a second later.</summary>
    private void SchedulePoll()
    {
        if (_page?.AnyInProgress != true || _disposed.IsCancellationRequested)
            return;
        _poll?.Dispose();
        _poll = new Timer(_ => _ = InvokeAsync(async () =>
        {
            if (_disposed.IsCancellationRequested)
                return;
            try
            {
                await LoadAsync();
                StateHasChanged();
            }
            catch (OperationCanceledException)
            {
                // The page was closed while reading.
            }
        }), null, PollInterval, Timeout.InfiniteTimeSpan);
    }

    private async Task GoToAsync(int skip)
    {
        _skip = Math.Max(0, skip);
        await LoadAsync();
    }

    private async Task GenerateAsync()
    {
        _domainErrors.Clear();
        _formError = null;
        _saving = true;
        try
        {
            var user = await UserContext.GetAsync();
            if (!user.Satisfies(Policies.GenerateReports))
                throw new DomainRuleException(string.Empty, "Only compliance officers, administrators and workspace admins generate reports.");
            Guid? workspaceId = null;
            if (_model.WorkspaceId != ReportFormModel.AllWorkspaces)
            {
                // Read again, not from the list the page loaded: an assignment removed since then counts.
                await using var db = await DbFactory.CreateDbContextAsync(_disposed.Token);
                if (!Guid.TryParse(_model.WorkspaceId, out var id) || !await db.CanViewAsync(user, id, _disposed.Token))
                    throw new DomainRuleException(nameof(ReportFormModel.WorkspaceId), "Choose one of the workspaces listed.");
                workspaceId = id;
            }
            else if (!user.SeesAllWorkspaces)
            {
                throw new DomainRuleException(nameof(ReportFormModel.WorkspaceId), "A report over all workspaces is for compliance officers and administrators; choose your workspace.");
            }

            if (_model.FromDay is not { } from)
                throw new DomainRuleException(nameof(ReportFormModel.FromDay), "Enter the first day of the period.");
            if (_model.ToDay is not { } to)
                throw new DomainRuleException(nameof(ReportFormModel.ToDay), "Enter the last day of the period.");

            await Commands.RequestAsync(user.Actor, workspaceId, from, to, _disposed.Token);
            await Generator.StartAsync(_disposed.Token);
            Notifications.Notify(NotificationSeverity.Success, "Report queued", "It is generated in the background; its progress shows in the archive.");
            _skip = 0;
            await LoadAsync();
        }
        catch (DomainRuleException ex)
        {
            _formError = FormErrors.Show(_editContext, _domainErrors, ex);
        }
        finally
        {
            _saving = false;
        }
    }

    private static string Size(long? bytes) => bytes switch
    {
        null => "–",
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KB",
        _ => $"{bytes / (1024.0 * 1024):0.#} MB",
    };
}
