using AdminConsole.Domain.Model.AiSettings;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Queries;
using AdminConsole.Domain.UseCases;
using AdminConsole.Web.Components.Ui;
using AdminConsole.Web.Security;
using Microsoft.AspNetCore.Components;

namespace AdminConsole.Web.Components.Pages.AiSettings;

/// <summary>A workspace's integrations and who may query each through the AI; every change is checked again on the server.</summary>
public partial class AiIntegrations
{
    private readonly IntegrationFormModel _model = new();
    private FormFeedback _feedback = null!;
    private Guid? _editingId;
    private bool _saving;

    [Parameter, EditorRequired]
    public required Guid WorkspaceId { get; set; }

    [Parameter, EditorRequired]
    public required IReadOnlyList<IntegrationView> Integrations { get; set; }

    [Parameter, EditorRequired]
    public required IReadOnlyList<TeamOption> Teams { get; set; }

    [Parameter]
    public bool CanManage { get; set; }

    [Parameter]
    public EventCallback Changed { get; set; }

    [Inject]
    public required AiSettingsUseCases AiSettings { get; init; }

    [Inject]
    public required ConsoleActions Actions { get; init; }

    [Inject]
    public required UserContext UserContext { get; init; }

    protected override void OnInitialized() => _feedback = new FormFeedback(_model);

    private void StartEdit(IntegrationView integration)
    {
        ResetForm();
        _editingId = integration.Id;
        _model.Roles.UnionWith(integration.AllowedRoles);
        _model.Teams.UnionWith(integration.AllowedTeams.Select(t => t.Id));
    }

    private void CancelEdit() => ResetForm();

    private void ResetForm()
    {
        _feedback.Clear();
        _editingId = null;
        _model.Clear();
    }

    private void Toggle<T>(HashSet<T> set, T value, bool chosen)
    {
        if (chosen)
            set.Add(value);
        else
            set.Remove(value);
        _feedback.Clear();
    }

    private async Task SubmitAsync()
    {
        _saving = true;
        try
        {
            var user = await UserContext.GetAsync();
            var succeeded = _editingId is { } id
                ? (await Actions.RunAsync(() => AiSettings.ChangeIntegrationPermissionsAsync(user, WorkspaceId, id, _model.Roles, _model.Teams), changed => changed ? "Access saved" : "Nothing changed", _feedback)).Succeeded
                : (await Actions.RunAsync(() => AiSettings.AddIntegrationAsync(user, WorkspaceId, _model.Name, _model.Kind, _model.Roles, _model.Teams), $"Integration {_model.Name?.Trim()} added", _feedback)).Succeeded;
            if (!succeeded)
                return;
            ResetForm();
            await Changed.InvokeAsync();
        }
        finally
        {
            _saving = false;
        }
    }

    private async Task RemoveAsync(IntegrationView integration)
    {
        if (!await Actions.ConfirmAsync("Remove integration", $"Remove the integration {integration.Name}? The AI can no longer query it for anyone.", "Remove integration", "Keep integration"))
            return;
        var user = await UserContext.GetAsync();
        if (!(await Actions.RunAsync(() => AiSettings.RemoveIntegrationAsync(user, WorkspaceId, integration.Id), $"Integration {integration.Name} removed")).Succeeded)
            return;
        if (_editingId == integration.Id)
            ResetForm();
        await Changed.InvokeAsync();
    }

    /// <summary>Property names are the fields the model's refusals name.</summary>
    private sealed class IntegrationFormModel
    {
        public string? Name { get; set; }

        public IntegrationKind Kind { get; set; }

        public HashSet<MemberRole> Roles { get; } = [];

        public HashSet<Guid> Teams { get; } = [];

        public IReadOnlyCollection<MemberRole> AllowedRoles => Roles;

        public IReadOnlyCollection<Guid> AllowedTeamIds => Teams;

        public void Clear()
        {
            Name = null;
            Kind = IntegrationKind.Warehouse;
            Roles.Clear();
            Teams.Clear();
        }
    }
}
