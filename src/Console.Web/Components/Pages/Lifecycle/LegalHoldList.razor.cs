using System.Globalization;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Queries;
using AdminConsole.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Radzen;
using Radzen.Blazor;

namespace AdminConsole.Web.Components.Pages.Lifecycle;

/// <summary>Legal holds, of one workspace or of all, paged; managers lift them from here after a confirmation.</summary>
public partial class LegalHoldList
{
    private RadzenDataGrid<LegalHoldRow>? _grid;
    private IEnumerable<LegalHoldRow>? _rows;
    private int _total;
    private bool _loading;
    private bool _inForceOnly;

    /// <summary>One workspace's holds; every workspace's when null.</summary>
    [Parameter]
    public Guid? WorkspaceId { get; set; }

    [Parameter]
    public bool CanManage { get; set; }

    /// <summary>Starts with holds in force only (the overview), or every hold (a workspace's history).</summary>
    [Parameter]
    public bool InForceOnly { get; set; }

    [Parameter, EditorRequired]
    public required string LabelledBy { get; set; }

    [Inject]
    public required IDbContextFactory<ConsoleDbContext> DbFactory { get; init; }

    [Inject]
    public required LifecycleCommands Lifecycle { get; init; }

    [Inject]
    public required UserContext UserContext { get; init; }

    [Inject]
    public required TimeProvider Clock { get; init; }

    [Inject]
    public required DialogService Dialogs { get; init; }

    [Inject]
    public required NotificationService Notifications { get; init; }

    private string Id => WorkspaceId is null ? "holds" : "workspace-holds";

    private string EmptyText => _inForceOnly ? "No legal hold is in force." : "No legal hold has ever been placed here.";

    private string ResultText => _loading
        ? "Loading…"
        : $"{_total.ToString("N0", CultureInfo.InvariantCulture)} legal hold{(_total == 1 ? string.Empty : "s")}{(_inForceOnly ? " in force" : string.Empty)}";

    protected override void OnInitialized() => _inForceOnly = InForceOnly;

    public async Task ReloadAsync()
    {
        if (_grid is not null)
            await _grid.FirstPage(forceReload: true);
    }

    private async Task ShowInForceOnlyAsync(bool inForceOnly)
    {
        _inForceOnly = inForceOnly;
        await ReloadAsync();
    }

    private async Task LoadAsync(LoadDataArgs args)
    {
        _loading = true;
        await using var db = await DbFactory.CreateDbContextAsync();
        var page = await LegalHoldQuery.RunAsync(db, WorkspaceId, _inForceOnly, Clock.GetUtcNow(), args.Skip ?? 0, args.Top ?? 25);
        _rows = page.Items;
        _total = page.Total;
        _loading = false;
    }

    private string HoldState(LegalHoldRow hold) =>
        hold.LiftedAt is not null ? "Lifted" : hold.From > Clock.GetUtcNow() ? "Not yet started" : "Ended";

    private async Task LiftAsync(LegalHoldRow hold)
    {
        var confirmed = await Dialogs.Confirm(
            $"Lift the legal hold on {hold.WorkspaceName} (“{hold.Reason}”)? The purge jobs delete what is past its retention from their next run: that cannot be undone.",
            "Lift legal hold", new ConfirmOptions { OkButtonText = "Lift hold", CancelButtonText = "Keep the hold" });
        if (confirmed != true)
            return;
        try
        {
            var user = await UserContext.GetAsync();
            if (!user.Satisfies(Policies.ManageLegalHolds))
                throw new DomainRuleException(string.Empty, "Only compliance officers and administrators lift legal holds.");
            await Lifecycle.LiftHoldAsync(user.Actor, hold.Id);
            Notifications.Notify(NotificationSeverity.Success, "Legal hold lifted", hold.WorkspaceName);
        }
        catch (DomainRuleException ex)
        {
            Notifications.Notify(NotificationSeverity.Error, "Legal hold not lifted", ex.Message);
        }

        if (_grid is not null)
            await _grid.Reload();
    }
}
