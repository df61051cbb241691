using System.Globalization;
using AdminConsole.Domain.Queries;
using AdminConsole.Domain.UseCases;
using AdminConsole.Web.Components.Ui;
using AdminConsole.Web.Security;
using Microsoft.AspNetCore.Components;

namespace AdminConsole.Web.Components.Pages.Lifecycle;

/// <summary>A workspace's trash, the next to be purged first; its admins restore pages (or the workspace) after a confirmation.</summary>
public partial class Trash
{
    private ConsoleGrid<TrashItem>? _grid;
    private TrashView? _view;
    private string? _restoreError;

    [Parameter]
    public Guid Id { get; set; }

    [Inject]
    public required LifecycleUseCases Lifecycle { get; init; }

    [Inject]
    public required ConsoleActions Actions { get; init; }

    [Inject]
    public required UserContext UserContext { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    private bool CanRestorePages => _view is { CanRestore: true, Trash.Workspace.DeletedAt: null };

    private IReadOnlyList<GridColumn> Columns =>
    [
        new("Page"), new("Deleted"), new("Purged on"), new("State"),
        .. CanRestorePages ? [new GridColumn("Actions", HiddenTitle: true)] : Array.Empty<GridColumn>(),
    ];

    private string ResultText => _view is not { Trash.Total: var total }
        ? "Loading…"
        : $"{total.ToString("N0", CultureInfo.InvariantCulture)} deleted page{(total == 1 ? string.Empty : "s")}, the next to be purged first";

    protected override async Task OnParametersSetAsync()
    {
        var outcome = await Lifecycle.TrashAsync(await UserContext.GetAsync(), Id, 0, 1);
        if (!outcome.Succeeded)
        {
            // Another workspace's trash reads exactly like an unknown workspace: 404, nothing of it rendered.
            _view = null;
            Navigation.NotFound();
            return;
        }

        _view = outcome.Value;
    }

    private async Task<GridPage<TrashItem>> LoadAsync(GridRequest request, CancellationToken cancellationToken)
    {
        var outcome = await Lifecycle.TrashAsync(await UserContext.GetAsync(), Id, request.Skip, request.Take, cancellationToken);
        if (!outcome.Succeeded)
            return new GridPage<TrashItem>([], 0);
        _view = outcome.Value;
        StateHasChanged();
        return new GridPage<TrashItem>(outcome.Value.Trash.Items, outcome.Value.Trash.Total);
    }

    private async Task RestorePageAsync(TrashItem item)
    {
        if (!await Actions.ConfirmAsync("Restore page", $"Restore “{item.Title}” from the trash? It returns to the workspace with its AI outputs and embeddings.", "Restore page"))
            return;
        var user = await UserContext.GetAsync();
        await AfterAsync(await Actions.RunAsync(() => Lifecycle.RestorePageAsync(user, Id, item.PageId), $"“{item.Title}” was restored"), $"“{item.Title}” was not restored.");
    }

    private async Task RestoreWorkspaceAsync()
    {
        var name = _view?.Trash.Workspace.Name ?? "the workspace";
        if (!await Actions.ConfirmAsync("Restore workspace", $"Restore the workspace {name}? Its pages, AI settings and members are back in use at once.", "Restore workspace"))
            return;
        var user = await UserContext.GetAsync();
        await AfterAsync(await Actions.RunAsync(() => Lifecycle.RestoreWorkspaceAsync(user, Id), $"{name} was restored"), $"{name} was not restored.");
    }

    // A refusal (the window ended) stays above the list until the next restore; done or not, the trash is read again.
    private async Task AfterAsync(AdminConsole.Domain.Access.Outcome outcome, string refused)
    {
        _restoreError = outcome.Succeeded ? null : $"{refused} {outcome.Message}";
        await OnParametersSetAsync();
        if (_grid is not null)
            await _grid.ReloadAsync(firstPage: false);
    }
}
