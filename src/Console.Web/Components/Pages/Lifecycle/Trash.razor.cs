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

public partial class Trash
{
    private static readonly IEnumerable<int> PageSizes = [25, 50, 100];

    private RadzenDataGrid<TrashItem>? _grid;
    private TrashPage? _trash;
    private IEnumerable<TrashItem>? _items;
    private int _total;
    private bool _loading;
    private bool _canRestore;
    private string? _restoreError;

    [Parameter]
    public Guid Id { get; set; }

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

    [Inject]
    public required NavigationManager Navigation { get; init; }

    private string RestoreDays => _trash is null ? string.Empty : _trash.RestoreWindow.TotalDays.ToString("0", CultureInfo.InvariantCulture);

    private string ResultText => _loading ? "Loading…" : $"{_total.ToString("N0", CultureInfo.InvariantCulture)} deleted page{(_total == 1 ? string.Empty : "s")}, the next to be purged first";

    protected override async Task OnParametersSetAsync()
    {
        var user = await UserContext.GetAsync();
        await using var db = await DbFactory.CreateDbContextAsync();
        await LoadPageAsync(db, user, 0, 25);
        if (_trash is null)
            return;
        _canRestore = user.Satisfies(Policies.RestoreFromTrash) && await db.CanRestoreFromTrashAsync(user, Id);
    }

    private async Task LoadAsync(LoadDataArgs args)
    {
        _loading = true;
        var user = await UserContext.GetAsync();
        await using var db = await DbFactory.CreateDbContextAsync();
        await LoadPageAsync(db, user, args.Skip ?? 0, args.Top ?? 25);
        _loading = false;
    }

    private async Task LoadPageAsync(ConsoleDbContext db, CurrentUser user, int skip, int take)
    {
        _trash = await TrashQuery.RunAsync(db, db.Visible(user), Id, Clock.GetUtcNow(), skip, take);
        if (_trash is null)
        {
            // Another workspace's trash reads exactly like an unknown workspace: 404, nothing of it rendered.
            _items = [];
            Navigation.NotFound();
            return;
        }

        _items = _trash.Items;
        _total = _trash.Total;
    }

    private async Task RestorePageAsync(TrashItem item)
    {
        var confirmed = await Dialogs.Confirm(
            $"Restore “{item.Title}” from the trash? It returns to the workspace with its AI outputs and embeddings.",
            "Restore page", new ConfirmOptions { OkButtonText = "Restore page", CancelButtonText = "Cancel" });
        if (confirmed != true)
            return;
        await RestoreAsync(actor => Lifecycle.RestorePageAsync(actor, Id, item.PageId), $"“{item.Title}” was restored", $"“{item.Title}” was not restored.");
    }

    private async Task RestoreWorkspaceAsync()
    {
        var name = _trash?.Workspace.Name ?? "the workspace";
        var confirmed = await Dialogs.Confirm(
            $"Restore the workspace {name}? Its pages, AI settings and members are back in use at once.",
            "Restore workspace", new ConfirmOptions { OkButtonText = "Restore workspace", CancelButtonText = "Cancel" });
        if (confirmed != true)
            return;
        await RestoreAsync(actor => Lifecycle.RestoreWorkspaceAsync(actor, Id), $"{name} was restored", $"{name} was not restored.");
    }

    // A refusal (the window ended, or the user may not restore here) is shown above the list, not thrown at the circuit.
    private async Task RestoreAsync(Func<Domain.Model.Audit.AuditActor, Task> restore, string done, string refused)
    {
        _restoreError = null;
        try
        {
            await restore(await DbFactory.RequireTrashRestorerAsync(await UserContext.GetAsync(), Id));
            Notifications.Notify(NotificationSeverity.Success, done);
        }
        catch (DomainRuleException ex)
        {
            _restoreError = $"{refused} {ex.Message}";
        }

        await OnParametersSetAsync();
        if (_grid is not null)
            await _grid.Reload();
    }
}
