using System.ComponentModel.DataAnnotations;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Dlp;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using AdminConsole.Web.Components.Shared;
using AdminConsole.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Radzen;

namespace AdminConsole.Web.Components.Pages.Dlp;

/// <summary>A workspace's DLP detectors: built-in ones turned on or off, custom patterns added (tried on a sample) or removed.</summary>
public partial class WorkspaceDlpDetectors
{
    private readonly CustomDetectorModel _model = new();
    private EditContext _editContext = null!;
    private ValidationMessageStore _domainErrors = null!;
    private WorkspaceDlpSettings? _settings;
    private string? _workspaceName;
    private bool _canManage;
    private bool _active;
    private bool _busy;
    private string? _formError;

    [Parameter]
    public Guid Id { get; set; }

    [Inject]
    public required IDbContextFactory<ConsoleDbContext> DbFactory { get; init; }

    [Inject]
    public required DlpCommands Commands { get; init; }

    [Inject]
    public required DialogService Dialogs { get; init; }

    [Inject]
    public required NotificationService Notifications { get; init; }

    [Inject]
    public required UserContext UserContext { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    private bool ReadOnly => !_canManage || !_active;

    protected override void OnInitialized()
    {
        _editContext = new EditContext(_model);
        _domainErrors = new ValidationMessageStore(_editContext);
        _editContext.OnFieldChanged += (_, e) => _domainErrors.Clear(e.FieldIdentifier);
    }

    protected override Task OnParametersSetAsync() => ReloadAsync();

    private async Task ReloadAsync()
    {
        var user = await UserContext.GetAsync();
        await using var db = await DbFactory.CreateDbContextAsync();
        if (!await db.CanViewAiSettingsAsync(user, Id))
        {
            _settings = null;
            Navigation.NotFound();
            return;
        }

        var workspace = await db.Workspaces.AsNoTracking().Where(w => w.Id == Id).Select(w => new { w.Name, w.Status }).SingleAsync();
        (_workspaceName, _active) = (workspace.Name, workspace.Status == WorkspaceStatus.Active);
        _canManage = await db.CanManageAiSettingsAsync(user, Id);
        _settings = await db.DlpSettings.AsNoTracking().Include(s => s.CustomDetectors).SingleOrDefaultAsync(s => s.WorkspaceId == Id)
            ?? WorkspaceDlpSettings.Defaults(Id, DateTimeOffset.UnixEpoch);
    }

    private async Task TurnAsync(DlpDetector detector, bool on)
    {
        _busy = true;
        try
        {
            var actor = await DbFactory.RequireAiSettingsManagerAsync(await UserContext.GetAsync(), Id);
            await Commands.TurnDetectorAsync(actor, Id, detector.Id, on);
            Notifications.Notify(NotificationSeverity.Success, $"{detector.Name} turned {(on ? "on" : "off")}");
        }
        catch (DomainRuleException ex)
        {
            Notifications.Notify(NotificationSeverity.Error, ex.Message);
        }
        finally
        {
            _busy = false;
            await ReloadAsync();
        }
    }

    private async Task AddAsync()
    {
        _domainErrors.Clear();
        _formError = null;
        _busy = true;
        try
        {
            var actor = await DbFactory.RequireAiSettingsManagerAsync(await UserContext.GetAsync(), Id);
            await Commands.AddCustomDetectorAsync(actor, Id, _model.Name, _model.Pattern, _model.Severity, _model.Sample);
            Notifications.Notify(NotificationSeverity.Success, $"Custom detector {_model.Name?.Trim()} added");
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

    private async Task RemoveAsync(DlpCustomDetector custom)
    {
        var confirmed = await Dialogs.Confirm(
            $"Remove the custom detector {custom.Name}? Content reported from now on is no longer scanned for it; its alerts stay.",
            "Remove custom detector",
            new ConfirmOptions { OkButtonText = "Remove detector", CancelButtonText = "Keep detector" });
        if (confirmed != true)
            return;
        try
        {
            var actor = await DbFactory.RequireAiSettingsManagerAsync(await UserContext.GetAsync(), Id);
            await Commands.RemoveCustomDetectorAsync(actor, Id, custom.Id);
            Notifications.Notify(NotificationSeverity.Success, $"Custom detector {custom.Name} removed");
        }
        catch (DomainRuleException ex)
        {
            Notifications.Notify(NotificationSeverity.Error, ex.Message);
        }

        await ReloadAsync();
    }

    /// <summary>The add form; the rules are the model's (<see cref="DlpCustomPattern.Create"/>), its messages shown next to each field.</summary>
    private sealed class CustomDetectorModel
    {
        [Required(ErrorMessage = "Name is required.")]
        public string? Name { get; set; }

        [Required(ErrorMessage = "Pattern is required.")]
        public string? Pattern { get; set; }

        public DlpSeverity Severity { get; set; } = DlpSeverity.Medium;

        [Required(ErrorMessage = "A sample text that the pattern matches is required.")]
        public string? Sample { get; set; }

        public void Clear()
        {
            Name = null;
            Pattern = null;
            Sample = null;
            Severity = DlpSeverity.Medium;
        }
    }
}
