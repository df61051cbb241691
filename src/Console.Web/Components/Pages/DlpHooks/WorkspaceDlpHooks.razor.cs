using System.ComponentModel.DataAnnotations;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Dlp.Hooks;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Queries;
using AdminConsole.Web.Components.Shared;
using AdminConsole.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Radzen;

namespace AdminConsole.Web.Components.Pages.DlpHooks;

/// <summary>
/// A workspace's DLP hooks (Enterprise plan only; other plans are told why): add one (its secret shown once), send a
/// test event, rotate the secret, disable, delete; each hook's deliveries and the workspace's dead letters, with replay.
/// </summary>
public partial class WorkspaceDlpHooks
{
    public const int PageSize = 10;

    private readonly HookFormModel _model = new();
    private EditContext _editContext = null!;
    private ValidationMessageStore _domainErrors = null!;
    private ElementReference _deliveriesHeading;
    private bool _focusDeliveries;
    private string? _workspaceName;
    private string? _unavailable;
    private bool _active;
    private bool _canManage;
    private bool _busy;
    private string? _formError;
    private (string Hook, string Value)? _secret;
    private IReadOnlyList<DlpHookRow> _hooks = [];
    private DlpHookRow? _deliveriesOf;
    private IReadOnlyList<DlpHookDeliveryRow> _deliveries = [];
    private int _deliveriesTotal;
    private int _deliveriesSkip;
    private IReadOnlyList<DlpHookDeliveryRow> _dead = [];
    private int _deadTotal;
    private int _deadSkip;

    [Parameter]
    public Guid Id { get; set; }

    [Inject]
    public required IDbContextFactory<ConsoleDbContext> DbFactory { get; init; }

    [Inject]
    public required DlpHookCommands Commands { get; init; }

    [Inject]
    public required DialogService Dialogs { get; init; }

    [Inject]
    public required NotificationService Notifications { get; init; }

    [Inject]
    public required UserContext UserContext { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    private bool CanChange => _canManage && _active && _unavailable is null;

    private IReadOnlyDictionary<Guid, string> HookNames => _hooks.ToDictionary(h => h.Id, h => h.Name);

    protected override void OnInitialized()
    {
        _editContext = new EditContext(_model);
        _domainErrors = new ValidationMessageStore(_editContext);
        _editContext.OnFieldChanged += (_, e) => _domainErrors.Clear(e.FieldIdentifier);
    }

    protected override Task OnParametersSetAsync() => ReloadAsync();

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_focusDeliveries)
        {
            _focusDeliveries = false;
            await _deliveriesHeading.FocusAsync();
        }
    }

    private async Task ReloadAsync()
    {
        var user = await UserContext.GetAsync();
        await using var db = await DbFactory.CreateDbContextAsync();
        if (!await db.CanViewAiSettingsAsync(user, Id))
        {
            _workspaceName = null;
            Navigation.NotFound();
            return;
        }

        var workspace = await db.Workspaces.AsNoTracking().Where(w => w.Id == Id).Select(w => new { w.Name, w.Plan, w.Status }).SingleAsync();
        (_workspaceName, _active) = (workspace.Name, workspace.Status == WorkspaceStatus.Active);
        _unavailable = DlpHook.WhyUnavailable(workspace.Plan);
        _canManage = await db.CanManageAiSettingsAsync(user, Id);
        _hooks = await DlpHookQuery.HooksAsync(db, Id);
        (_dead, _deadTotal) = await DlpHookQuery.DeadLettersAsync(db, Id, _deadSkip, PageSize);
        if (_deliveriesOf is { } shown)
        {
            _deliveriesOf = _hooks.SingleOrDefault(h => h.Id == shown.Id);
            if (_deliveriesOf is not null)
                (_deliveries, _deliveriesTotal) = await DlpHookQuery.DeliveriesAsync(db, Id, shown.Id, null, _deliveriesSkip, PageSize);
        }
    }

    private void ToggleEvent(string name, bool on)
    {
        if (on)
            _model.Events.Add(name);
        else
            _model.Events.Remove(name);
        _domainErrors.Clear(_editContext.Field(nameof(HookFormModel.Events)));
    }

    private async Task CreateAsync()
    {
        _domainErrors.Clear();
        _formError = null;
        _busy = true;
        try
        {
            var actor = await DbFactory.RequireAiSettingsManagerAsync(await UserContext.GetAsync(), Id);
            var (_, secret) = await Commands.CreateAsync(actor, Id, _model.Name, _model.Url, _model.Events);
            _secret = (_model.Name!.Trim(), secret);
            Notifications.Notify(NotificationSeverity.Success, $"DLP hook {_model.Name.Trim()} added");
            _model.Clear();
            await ReloadAsync();
        }
        catch (DomainRuleException ex)
        {
            _formError = FormErrors.Show(_editContext, _domainErrors, ex);
        }
        finally
        {
            _busy = false;
        }
    }

    private Task TestAsync(DlpHookRow hook) => RunAsync(async actor =>
    {
        await Commands.SendTestEventAsync(actor, Id, hook.Id);
        return $"Test event queued for {hook.Name}; it is sent within seconds.";
    });

    private async Task RotateAsync(DlpHookRow hook)
    {
        var confirmed = await Dialogs.Confirm(
            $"Make a new signing secret for {hook.Name}? For the next 24 hours each delivery is signed with both, so the partner can switch over.",
            "Rotate the secret",
            new ConfirmOptions { OkButtonText = "Rotate secret", CancelButtonText = "Keep the secret" });
        if (confirmed != true)
            return;
        await RunAsync(async actor =>
        {
            _secret = (hook.Name, await Commands.RotateSecretAsync(actor, Id, hook.Id));
            return $"New secret made for {hook.Name}";
        });
    }

    private async Task ToggleAsync(DlpHookRow hook)
    {
        if (hook.Enabled)
        {
            var confirmed = await Dialogs.Confirm(
                $"Disable {hook.Name}? Its pending deliveries are cancelled and no alert is sent to it until it is enabled again.",
                "Disable the hook",
                new ConfirmOptions { OkButtonText = "Disable hook", CancelButtonText = "Keep it enabled" });
            if (confirmed != true)
                return;
        }

        await RunAsync(async actor =>
        {
            if (hook.Enabled)
                await Commands.DisableAsync(actor, Id, hook.Id, "Disabled by an admin");
            else
                await Commands.EnableAsync(actor, Id, hook.Id);
            return $"{hook.Name} {(hook.Enabled ? "disabled" : "enabled")}";
        });
    }

    private async Task DeleteAsync(DlpHookRow hook)
    {
        var confirmed = await Dialogs.Confirm(
            $"Delete {hook.Name} and its delivery records? This cannot be undone.",
            "Delete the hook",
            new ConfirmOptions { OkButtonText = "Delete hook", CancelButtonText = "Keep hook" });
        if (confirmed != true)
            return;
        if (_deliveriesOf?.Id == hook.Id)
            _deliveriesOf = null;
        await RunAsync(async actor =>
        {
            await Commands.DeleteAsync(actor, Id, hook.Id);
            return $"{hook.Name} deleted";
        });
    }

    private Task ReplayAsync(DlpHookDeliveryRow delivery) => RunAsync(async actor =>
    {
        await Commands.ReplayAsync(actor, Id, delivery.Id);
        return $"Delivery {delivery.MessageId} queued again";
    });

    private async Task ShowDeliveriesAsync(DlpHookRow hook)
    {
        _deliveriesOf = hook;
        _deliveriesSkip = 0;
        _focusDeliveries = true;
        await ReloadAsync();
    }

    private async Task GoDeliveriesAsync(int skip)
    {
        _deliveriesSkip = Math.Max(0, skip);
        await ReloadAsync();
    }

    private async Task GoDeadAsync(int skip)
    {
        _deadSkip = Math.Max(0, skip);
        await ReloadAsync();
    }

    private async Task RunAsync(Func<Domain.Model.Audit.AuditActor, Task<string>> action)
    {
        try
        {
            var actor = await DbFactory.RequireAiSettingsManagerAsync(await UserContext.GetAsync(), Id);
            Notifications.Notify(NotificationSeverity.Success, await action(actor));
        }
        catch (DomainRuleException ex)
        {
            Notifications.Notify(NotificationSeverity.Error, ex.Message);
        }

        await ReloadAsync();
    }

    private sealed class HookFormModel
    {
        [Required(ErrorMessage = "Name is required.")]
        public string? Name { get; set; }

        [Required(ErrorMessage = "The URL is required.")]
        public string? Url { get; set; }

        public HashSet<string> Events { get; } = [DlpHookEvents.AlertCreated, DlpHookEvents.AlertResolved];

        public void Clear()
        {
            Name = null;
            Url = null;
            Events.Clear();
            Events.Add(DlpHookEvents.AlertCreated);
            Events.Add(DlpHookEvents.AlertResolved);
        }
    }
}
