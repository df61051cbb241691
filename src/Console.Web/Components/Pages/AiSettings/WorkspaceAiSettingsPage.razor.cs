using AdminConsole.Domain.Model;
using AdminConsole.Domain.Model.Subprocessors;
using AdminConsole.Domain.Queries;
using AdminConsole.Domain.UseCases;
using AdminConsole.Web.Components.Ui;
using AdminConsole.Web.Security;
using Microsoft.AspNetCore.Components;

namespace AdminConsole.Web.Components.Pages.AiSettings;

/// <summary>
/// A workspace's AI settings: its admins (and console admins) change them; officers, auditors and admins of other
/// roles read them. Another workspace's settings read exactly like a workspace that does not exist.
/// </summary>
public partial class WorkspaceAiSettingsPage
{
    private readonly AiSettingsFormModel _model = new();
    private FormFeedback _feedback = null!;
    private AiSettingsView? _view;
    private IReadOnlyList<LlmProviderOption> _providers = [];
    private ModelChoicesView? _models;
    private bool _canManage;
    private bool _saving;

    [Parameter]
    public Guid Id { get; set; }

    [Inject]
    public required AiSettingsUseCases AiSettings { get; init; }

    [Inject]
    public required ConsoleActions Actions { get; init; }

    [Inject]
    public required UserContext UserContext { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    private bool ReadOnly => !_canManage || _view?.WorkspaceActive != true;

    protected override void OnInitialized()
    {
        _feedback = new FormFeedback(_model);

        // The feature checkboxes share one message under their group: a change to any of them clears it.
        _feedback.EditContext.OnFieldChanged += (_, e) =>
        {
            if (e.FieldIdentifier.FieldName != nameof(AiSettingsFormModel.Features))
                _feedback.EditContext.NotifyFieldChanged(_feedback.EditContext.Field(nameof(AiSettingsFormModel.Features)));
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
        var outcome = await AiSettings.GetAsync(await UserContext.GetAsync(), Id);
        if (!outcome.Succeeded)
        {
            _view = null;
            Navigation.NotFound();
            return;
        }

        _view = outcome.Value.Settings;
        _providers = outcome.Value.Providers;
        _models = outcome.Value.Models;
        _canManage = outcome.Value.CanManage;
    }

    private async Task SaveAsync()
    {
        if (_view is null)
            return;

        if (_model.DataSharing && !_view.DataSharing
            && !await Actions.ConfirmAsync(
                "Opt in to data sharing",
                "Share this workspace's AI requests with the provider for model improvement? The provider may keep and learn from them under its own terms.",
                "Opt in and save", "Keep sharing off"))
            return;

        _saving = true;
        try
        {
            var user = await UserContext.GetAsync();
            var before = _view.Version;
            var outcome = await Actions.RunAsync(
                () => AiSettings.UpdateAsync(user, Id, _model.ToChange),
                version => version == before ? "Nothing changed" : $"AI settings saved (version {version})",
                _feedback);
            if (outcome.Succeeded)
                await ReloadFormAsync();
        }
        finally
        {
            _saving = false;
        }
    }

    private const string NoProvider = "No provider (the AI cannot run)";

    /// <summary>The provider the settings name that may no longer be chosen (retired, or gone from the registry): offered as such.</summary>
    private (string Id, string Text)? RetiredChoice => _view?.ProviderId is { } current && _providers.All(p => p.Id != current)
        ? (current.ToString(), $"{_view.ProviderName ?? "Unknown provider"} ({StatusText(_view.ProviderStatus)}: no longer allowed)")
        : null;

    private string ProviderHint => "Authorized subprocessors of category LLM. " + (_view is null ? string.Empty
        : _view.NeedsZeroRetention || _model.HipaaMode
            ? "Enterprise and HIPAA workspaces may use zero-retention providers only."
            : $"The {_view.Plan.Label()} plan allows providers that keep requests at most {_view.Terms.ProviderRetentionDays} days.");

    /// <summary>What the select shows for the chosen provider id.</summary>
    private string ProviderText(string? id)
    {
        if (string.IsNullOrEmpty(id))
            return NoProvider;
        if (_providers.FirstOrDefault(p => p.Id.ToString() == id) is { } provider)
            return ProviderLabel(provider);
        return RetiredChoice is { } retired && retired.Id == id ? retired.Text : id;
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
        _ => status.Value.Label().ToLowerInvariant(),
    };
}
