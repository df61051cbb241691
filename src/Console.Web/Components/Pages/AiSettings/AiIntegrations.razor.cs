using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.AiSettings;
using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Workspaces;
using AdminConsole.Domain.Persistence;
using AdminConsole.Domain.Queries;
using AdminConsole.Web.Components.Shared;
using AdminConsole.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Radzen;

namespace AdminConsole.Web.Components.Pages.AiSettings;

/// <summary>A workspace's integrations and who may query each through the AI; every change is checked again on the server.</summary>
public partial class AiIntegrations
{
    private readonly IntegrationFormModel _model = new();
    private EditContext _editContext = null!;
    private ValidationMessageStore _domainErrors = null!;
    private Guid? _editingId;
    private bool _saving;
    private string? _formError;

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
    public required IDbContextFactory<ConsoleDbContext> DbFactory { get; init; }

    [Inject]
    public required AiSettingsCommands Commands { get; init; }

    [Inject]
    public required DialogService Dialogs { get; init; }

    [Inject]
    public required NotificationService Notifications { get; init; }

    [Inject]
    public required UserContext UserContext { get; init; }

    protected override void OnInitialized()
    {
        _editContext = new EditContext(_model);
        _domainErrors = new ValidationMessageStore(_editContext);
        _editContext.OnFieldChanged += (_, e) => _domainErrors.Clear(e.FieldIdentifier);
    }

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
        _domainErrors.Clear();
        _formError = null;
        _editingId = null;
        _model.Clear();
    }

    private void Toggle<T>(HashSet<T> set, T value, bool chosen)
    {
        if (chosen)
            set.Add(value);
        else
            set.Remove(value);
        _domainErrors.Clear();
    }

    private async Task SubmitAsync()
    {
        _domainErrors.Clear();
        _formError = null;
        _saving = true;
        try
        {
            var actor = await DbFactory.RequireAiSettingsManagerAsync(await UserContext.GetAsync(), WorkspaceId);
            if (_editingId is { } id)
            {
                var changed = await Commands.ChangeIntegrationPermissionsAsync(actor, WorkspaceId, id, _model.Roles, _model.Teams);
                Notifications.Notify(NotificationSeverity.Success, changed ? "Access saved" : "Nothing changed");
            }
            else
            {
                await Commands.AddIntegrationAsync(actor, WorkspaceId, _model.Name, _model.Kind, _model.Roles, _model.Teams);
                Notifications.Notify(NotificationSeverity.Success, "Integration added", _model.Name?.Trim() ?? string.Empty);
            }

            ResetForm();
            await Changed.InvokeAsync();
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

    private async Task RemoveAsync(IntegrationView integration)
    {
        var confirmed = await Dialogs.Confirm(
            $"Remove the integration {integration.Name}? The AI can no longer query it for anyone.",
            "Remove integration",
            new ConfirmOptions { OkButtonText = "Remove integration", CancelButtonText = "Keep integration" });
        if (confirmed != true)
            return;
        try
        {
            var actor = await DbFactory.RequireAiSettingsManagerAsync(await UserContext.GetAsync(), WorkspaceId);
            await Commands.RemoveIntegrationAsync(actor, WorkspaceId, integration.Id);
            Notifications.Notify(NotificationSeverity.Success, "Integration removed", integration.Name);
            if (_editingId == integration.Id)
                ResetForm();
            await Changed.InvokeAsync();
        }
        catch (DomainRuleException ex)
        {
            Notifications.Notify(NotificationSeverity.Error, "Integration not removed", ex.Message);
        }
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
