using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Queries;
using AdminConsole.Web.Components.Shared;
using AdminConsole.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Radzen;

namespace AdminConsole.Web.Components.Pages.AiSettings;

/// <summary>
/// A workspace's AI settings: its admins (and console admins) change them; officers, auditors and admins of other
/// roles read them. Another workspace's settings read exactly like a workspace that does not exist.
/// </summary>
public partial class WorkspaceAiSettingsPage
{
    private readonly AiSettingsFormModel _model = new();
    private EditContext _editContext = null!;
    private ValidationMessageStore _domainErrors = null!;
    private AiSettingsView? _view;
    private IReadOnlyList<LlmProviderOption> _providers = [];
    private bool _canManage;
    private bool _saving;
    private string? _formError;

    [Parameter]
    public Guid Id { get; set; }

    [Inject]
    public required IDbContextFactory<ConsoleDbContext> DbFactory { get; init; }

    [Inject]
    public required AiSettingsCommands Commands { get; init; }

    [Inject]
    public required DialogService Dialogs { get; init; }

    [Inject]
    public required NotificationService Notifications { get; init; }

    [Inject]
    public required UserContext UserContext { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    private bool ReadOnly => !_canManage || _view?.WorkspaceActive != true;

    protected override void OnInitialized()
    {
        _editContext = new EditContext(_model);
        _domainErrors = new ValidationMessageStore(_editContext);
        _editContext.OnFieldChanged += (_, e) =>
        {
            _domainErrors.Clear(e.FieldIdentifier);
            // The feature checkboxes share one message under their group.
            _domainErrors.Clear(_editContext.Field(nameof(AiSettingsFormModel.Features)));
        };
    }

    protected override Task OnParametersSetAsync() => ReloadFormAsync();

    /// <summary>The settings in force, and the form set to them (an integration change reloads without this, keeping unsaved edits).</summary>
    private async Task ReloadFormAsync()
    {
        await ReloadAsync();
        if (_view is not null)
            _model.Load(_view);
    }

    private async Task ReloadAsync()
    {
        var user = await UserContext.GetAsync();
        await using var db = await DbFactory.CreateDbContextAsync();
        if (!await db.CanViewAiSettingsAsync(user, Id))
        {
            _view = null;
            Navigation.NotFound();
            return;
        }

        _view = await AiSettingsQuery.GetAsync(db, Id);
        if (_view is null)
        {
            Navigation.NotFound();
            return;
        }

        _canManage = await db.CanManageAiSettingsAsync(user, Id);
        _providers = await AiSettingsQuery.ProvidersAsync(db);
    }

    private async Task SaveAsync()
    {
        _domainErrors.Clear();
        _formError = null;
        if (_view is null)
            return;

        if (_model.DataSharing && !_view.DataSharing)
        {
            var confirmed = await Dialogs.Confirm(
                "Share this workspace's AI requests with the provider for model improvement? The provider may keep and learn from them under its own terms.",
                "Opt in to data sharing",
                new ConfirmOptions { OkButtonText = "Opt in and save", CancelButtonText = "Keep sharing off" });
            if (confirmed != true)
                return;
        }

        _saving = true;
        try
        {
            var actor = await DbFactory.RequireAiSettingsManagerAsync(await UserContext.GetAsync(), Id);
            var before = _view.Version;
            var version = await Commands.UpdateAsync(actor, Id, _model.ToChange());
            Notifications.Notify(NotificationSeverity.Success, version == before ? "Nothing changed" : $"AI settings saved (version {version})");
            await ReloadFormAsync();
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

    private static string ProviderLabel(LlmProviderOption provider) => provider.ZeroRetentionCapable
        ? $"{provider.LegalName} (zero retention)"
        : provider.RetentionDays is { } days ? $"{provider.LegalName} (keeps requests {days} days)" : $"{provider.LegalName} (retention not stated)";

    private static string StatusText(SubprocessorStatus? status) => status switch
    {
        SubprocessorStatus.Retired => "retired",
        SubprocessorStatus.Proposed => "proposed",
        SubprocessorStatus.NoticePeriod => "in its notice period",
        null => "not in the registry",
        _ => status.ToString()!.ToLowerInvariant(),
    };
}
