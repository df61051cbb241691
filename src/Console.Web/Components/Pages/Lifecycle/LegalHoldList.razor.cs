using System.Globalization;
using AdminConsole.Domain.Queries;
using AdminConsole.Domain.UseCases;
using AdminConsole.Web.Components.Ui;
using AdminConsole.Web.Security;
using Microsoft.AspNetCore.Components;

namespace AdminConsole.Web.Components.Pages.Lifecycle;

/// <summary>Legal holds, of one workspace or of all, paged in SQL; managers lift them from here after a confirmation.</summary>
public partial class LegalHoldList
{
    private ConsoleGrid<LegalHoldRow>? _grid;
    private int? _total;
    private bool _inForceOnly;
    private bool _canManage;

    /// <summary>One workspace's holds; every workspace's when null.</summary>
    [Parameter]
    public Guid? WorkspaceId { get; set; }

    /// <summary>Starts with holds in force only (the overview), or every hold (a workspace's history).</summary>
    [Parameter]
    public bool InForceOnly { get; set; }

    [Inject]
    public required LifecycleUseCases Lifecycle { get; init; }

    [Inject]
    public required ConsoleActions Actions { get; init; }

    [Inject]
    public required UserContext UserContext { get; init; }

    [Inject]
    public required TimeProvider Clock { get; init; }

    private IReadOnlyList<GridColumn> Columns =>
    [
        .. WorkspaceId is null ? [new GridColumn("Workspace")] : Array.Empty<GridColumn>(),
        new("Reason"), new("From – until"), new("Placed"), new("Lifted"), new("State"),
        .. _canManage ? [new GridColumn("Actions", HiddenTitle: true)] : Array.Empty<GridColumn>(),
    ];

    private string EmptyText => _inForceOnly ? "No legal hold is in force." : "No legal hold has ever been placed here.";

    private string ResultText => _total is not { } total
        ? "Loading…"
        : $"{total.ToString("N0", CultureInfo.InvariantCulture)} legal hold{(total == 1 ? string.Empty : "s")}{(_inForceOnly ? " in force" : string.Empty)}";

    protected override async Task OnInitializedAsync()
    {
        _inForceOnly = InForceOnly;
        _canManage = (await UserContext.GetAsync()).Satisfies(Policies.ManageLegalHolds);
    }

    public Task ReloadAsync() => _grid?.ReloadAsync() ?? Task.CompletedTask;

    private Task ShowInForceOnlyAsync(bool inForceOnly)
    {
        _inForceOnly = inForceOnly;
        return ReloadAsync();
    }

    private async Task<GridPage<LegalHoldRow>> LoadAsync(GridRequest request, CancellationToken cancellationToken)
    {
        var outcome = await Lifecycle.HoldsAsync(await UserContext.GetAsync(), WorkspaceId, _inForceOnly, request.Skip, request.Take, cancellationToken);
        var page = outcome.Succeeded ? outcome.Value : new LegalHoldPage([], 0);
        _total = page.Total;
        StateHasChanged();
        return new GridPage<LegalHoldRow>(page.Items, page.Total);
    }

    private string HoldState(LegalHoldRow hold) =>
        hold.LiftedAt is not null ? "Lifted" : hold.From > Clock.GetUtcNow() ? "Not yet started" : "Ended";

    private async Task LiftAsync(LegalHoldRow hold)
    {
        if (!await Actions.ConfirmAsync(
                "Lift legal hold",
                $"Lift the legal hold on {hold.WorkspaceName} (“{hold.Reason}”)? The purge jobs delete what is past its retention from their next run: that cannot be undone.",
                "Lift hold", "Keep the hold"))
            return;
        var user = await UserContext.GetAsync();
        if ((await Actions.RunAsync(() => Lifecycle.LiftHoldAsync(user, hold.Id), $"Legal hold on {hold.WorkspaceName} lifted")).Succeeded && _grid is not null)
            await _grid.ReloadAsync(firstPage: false);
    }
}
