using AdminConsole.Domain.Queries;
using AdminConsole.Domain.UseCases;
using AdminConsole.Web.Components.Ui;
using AdminConsole.Web.Security;
using Microsoft.AspNetCore.Components;

namespace AdminConsole.Web.Components.Pages.DlpHooks;

/// <summary>
/// A workspace's DLP hooks (Enterprise plan only; other plans are told why): the hooks and their actions, the form that
/// adds one, a new secret shown once, the selected hook's deliveries (the hook in the address, <c>?hook=…</c>) and the
/// workspace's dead letters, with replay. The parts are components of their own; this page holds what they share.
/// </summary>
public partial class WorkspaceDlpHooks
{
    private DlpHooksView? _view;
    private DlpHookRow? _selected;
    private DlpHookSecret? _secret;
    private DlpDeliveryGrid? _deliveries;
    private DlpDeliveryGrid? _dead;
    private ElementReference _deliveriesHeading;
    private Guid? _shownBefore;
    private bool _focusDeliveries;

    [Parameter]
    public Guid Id { get; set; }

    [SupplyParameterFromQuery(Name = "hook")]
    public Guid? HookQuery { get; set; }

    [Inject]
    public required DlpHookUseCases Hooks { get; init; }

    [Inject]
    public required ConsoleActions Actions { get; init; }

    [Inject]
    public required UserContext UserContext { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    private IReadOnlyDictionary<Guid, string> HookNames => _view?.Hooks.ToDictionary(h => h.Id, h => h.Name) ?? new Dictionary<Guid, string>();

    private EventCallback<DlpHookDeliveryRow> ReplayCallback => EventCallback.Factory.Create<DlpHookDeliveryRow>(this, ReplayAsync);

    protected override async Task OnParametersSetAsync()
    {
        await ReloadAsync();
        // A hook picked on this page (not the one the address opened with) moves the focus to its deliveries.
        _focusDeliveries = _shownBefore is not null && _selected is not null && _selected.Id != _shownBefore;
        _shownBefore = _selected?.Id ?? Guid.Empty;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_focusDeliveries && _selected is not null)
        {
            _focusDeliveries = false;
            await _deliveriesHeading.FocusAsync();
        }
    }

    private string DeliveriesHref(DlpHookRow hook) => Navigation.GetUriWithQueryParameter("hook", hook.Id.ToString());

    private async Task ReloadAsync()
    {
        var outcome = await Hooks.WorkspaceAsync(await UserContext.GetAsync(), Id);
        if (!outcome.Succeeded)
        {
            // Another workspace's hooks read exactly like an unknown workspace: 404, nothing of it rendered.
            _view = null;
            Navigation.NotFound();
            return;
        }

        _view = outcome.Value;
        _selected = HookQuery is { } wanted ? _view.Hooks.FirstOrDefault(h => h.Id == wanted) : null;
    }

    /// <summary>Reloads the hooks and both grids after a change (counts and states move together).</summary>
    private async Task RefreshAllAsync()
    {
        await ReloadAsync();
        if (_deliveries is not null)
            await _deliveries.RefreshAsync();
        if (_dead is not null)
            await _dead.RefreshAsync();
    }

    private async Task<GridPage<DlpHookDeliveryRow>> LoadDeliveriesAsync(GridRequest request, CancellationToken cancellationToken)
    {
        if (_selected is not { } hook)
            return new GridPage<DlpHookDeliveryRow>([], 0);
        var outcome = await Hooks.DeliveriesAsync(await UserContext.GetAsync(), Id, hook.Id, request.Skip, request.Take, cancellationToken);
        return outcome.Succeeded ? new GridPage<DlpHookDeliveryRow>(outcome.Value.Rows, outcome.Value.Total) : new GridPage<DlpHookDeliveryRow>([], 0);
    }

    private async Task<GridPage<DlpHookDeliveryRow>> LoadDeadLettersAsync(GridRequest request, CancellationToken cancellationToken)
    {
        var outcome = await Hooks.DeadLettersAsync(await UserContext.GetAsync(), Id, request.Skip, request.Take, cancellationToken);
        return outcome.Succeeded ? new GridPage<DlpHookDeliveryRow>(outcome.Value.Rows, outcome.Value.Total) : new GridPage<DlpHookDeliveryRow>([], 0);
    }

    private async Task CreatedAsync(DlpHookSecret secret)
    {
        ShowSecret(secret);
        await ReloadAsync();
    }

    private void ShowSecret(DlpHookSecret secret) => _secret = secret;

    private async Task TestAsync(DlpHookRow hook)
    {
        var user = await UserContext.GetAsync();
        await Actions.RunAsync(() => Hooks.SendTestEventAsync(user, Id, hook.Id), $"Test event queued for {hook.Name}; it is sent within seconds.");
        await RefreshAllAsync();
    }

    private async Task RotateAsync(DlpHookRow hook)
    {
        if (!await Actions.ConfirmAsync(
                "Rotate the secret",
                $"Make a new signing secret for {hook.Name}? For the next 24 hours each delivery is signed with both, so the partner can switch over.",
                "Rotate secret", "Keep the secret"))
            return;
        var user = await UserContext.GetAsync();
        var outcome = await Actions.RunAsync(() => Hooks.RotateSecretAsync(user, Id, hook.Id), $"New secret made for {hook.Name}");
        if (outcome.Succeeded)
            ShowSecret(outcome.Value);
        await RefreshAllAsync();
    }

    private async Task ToggleAsync(DlpHookRow hook)
    {
        var user = await UserContext.GetAsync();
        if (!hook.Enabled)
        {
            await Actions.RunAsync(() => Hooks.EnableAsync(user, Id, hook.Id), $"{hook.Name} enabled");
        }
        else if (await Actions.ConfirmAsync(
                     "Disable the hook",
                     $"Disable {hook.Name}? Its pending deliveries are cancelled and no alert is sent to it until it is enabled again.",
                     "Disable hook", "Keep it enabled"))
        {
            await Actions.RunAsync(() => Hooks.DisableAsync(user, Id, hook.Id), $"{hook.Name} disabled");
        }

        await RefreshAllAsync();
    }

    private async Task DeleteAsync(DlpHookRow hook)
    {
        if (!await Actions.ConfirmAsync("Delete the hook", $"Delete {hook.Name} and its delivery records? This cannot be undone.", "Delete hook", "Keep hook"))
            return;
        var user = await UserContext.GetAsync();
        if ((await Actions.RunAsync(() => Hooks.DeleteAsync(user, Id, hook.Id), $"{hook.Name} deleted")).Succeeded && _selected?.Id == hook.Id)
        {
            Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("hook", (string?)null), replace: true);
            return;
        }

        await RefreshAllAsync();
    }

    private async Task ReplayAsync(DlpHookDeliveryRow delivery)
    {
        var user = await UserContext.GetAsync();
        await Actions.RunAsync(() => Hooks.ReplayAsync(user, Id, delivery.Id), $"Delivery {delivery.MessageId} queued again");
        await RefreshAllAsync();
    }
}
